"""The council office's pages for the documents' wording and Word templates (mounted at ``/van-ban/mau/``)."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.template_list, name="templates"),
    path("<slug:kind>/", views.template_kind, name="template"),
    path("<slug:kind>/xem-truoc.docx", views.template_preview_docx, name="template_preview_docx"),
    path("<slug:kind>/mau-word-mac-dinh.docx", views.word_default, name="word_default"),
    path("<slug:kind>/mau-word.docx", views.word_current, name="word_current"),
    path("<slug:kind>/mau-word/tai-len", views.word_upload, name="word_upload"),
    path("<slug:kind>/mau-word/go-bo", views.word_remove, name="word_remove"),
]
