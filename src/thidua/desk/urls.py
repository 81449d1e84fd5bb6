"""The desk is the home page (``config.urls`` routes "" to ``views.desk``)."""

from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("", views.desk, name="desk"),
]
