"""The application's URLs plus the benchmark's minimal view."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as app_urlpatterns


def ping(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping), *app_urlpatterns]
