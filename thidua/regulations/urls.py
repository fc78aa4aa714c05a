from django.urls import path

from . import views

app_name = "regulations"
urlpatterns = [
    path("", views.regulation_list, name="list"),
    path("them-moi/", views.regulation_create, name="create"),
    path("<int:pk>/", views.regulation_detail, name="detail"),
    path("<int:pk>/sua/", views.regulation_edit, name="edit"),
    path("<int:pk>/tep/", views.regulation_file, name="file"),
]
