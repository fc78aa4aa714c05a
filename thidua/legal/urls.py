from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.parameter_list, name="list"),
    path("them-moi/", views.parameter_add, name="add"),
    path("<int:pk>/thu-hoi/", views.parameter_withdraw, name="withdraw"),
]
