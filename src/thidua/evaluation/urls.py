"""Pages for evaluation: the scheme and sheets, one score sheet, rankings, and voting rounds."""

from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("campaigns/<id:campaign_id>/evaluation/", views.overview, name="overview"),
    path("score-sheets/<id:sheet_id>/", views.sheet_detail, name="sheet"),
    path("campaigns/<id:campaign_id>/rankings/", views.rankings, name="rankings"),
    path("campaigns/<id:campaign_id>/votes/", views.round_list, name="rounds"),
    path("votes/<id:round_id>/", views.round_detail, name="round"),
    path("votes/<id:round_id>/minutes.docx", views.round_minutes, name="round_minutes"),
]
