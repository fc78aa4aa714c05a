"""The token pages (/api/khoa/, namespace "api") and the REST API (django-ninja, namespace
"api_v1"). Both namespaces sit at the top level because ninja reverses its own URLs by its
namespace alone, so this module has no app_name of its own."""

from django.urls import include, path

from . import views
from .main import api

token_patterns = [
    path("", views.token_list, name="token_list"),
    path("tao/", views.token_create, name="token_create"),
    path("<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
]

urlpatterns = [
    path("khoa/", include((token_patterns, "api"), namespace="api")),
    path("", api.urls),
]
