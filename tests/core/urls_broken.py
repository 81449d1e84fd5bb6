"""A URLconf with a view that fails, for the 500 page's test."""

from django.urls import path


def broken(request):
    raise RuntimeError("a failing view")


urlpatterns = [path("broken/", broken)]
