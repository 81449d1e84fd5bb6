from django.urls import path

from . import setup_views, views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", setup_views.unit_new, name="setup_unit_new"),
    path("units/<id:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<id:unit_id>/edit/", setup_views.unit_edit, name="setup_unit_edit"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/new/", setup_views.cluster_new, name="setup_cluster_new"),
    path("clusters/<id:cluster_id>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<id:cluster_id>/leadership/", setup_views.cluster_leadership, name="setup_cluster_leadership"),
    path("persons/<id:person_id>/", views.person_detail, name="person_detail"),
]
