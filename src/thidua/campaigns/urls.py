from django.urls import path

from . import setup_views, views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", setup_views.campaign_new, name="setup_new"),
    path("<id:campaign_id>/setup/", setup_views.campaign_setup, name="setup"),
    path("<id:campaign_id>/setup/add/", setup_views.campaign_setup_add, name="setup_add"),
    path("<id:campaign_id>/", views.campaign_detail, name="detail"),
    path("<id:campaign_id>/transition/", views.campaign_transition, name="transition"),
]

from . import submission_views  # noqa: E402

urlpatterns += [
    path("<id:campaign_id>/deadlines/new/", submission_views.deadline_edit, name="deadline_new"),
    path("<id:campaign_id>/deadlines/<id:deadline_id>/edit/", submission_views.deadline_edit, name="deadline_edit"),
    path("deadlines/<id:deadline_id>/", submission_views.deadline_detail, name="deadline"),
    path("deadlines/<id:deadline_id>/export.xlsx", submission_views.deadline_export, name="deadline_export"),
    path("deadlines/<id:deadline_id>/report/", submission_views.deadline_report, name="deadline_report"),
    path("deadlines/<id:deadline_id>/submit/", submission_views.submission_create, name="submit"),
    path("submissions/<id:submission_id>/", submission_views.submission_detail, name="submission"),
    path("submissions/<id:submission_id>/receipts/", submission_views.receipt_create, name="receipt"),
    path("submissions/<id:submission_id>/versions/<id:number>/file", submission_views.version_file,
         name="version_file"),
]
