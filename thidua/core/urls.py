from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("thong-bao/", views.notifications, name="notifications"),
]
