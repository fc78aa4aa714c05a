from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("", views.office, name="office"),
    path("<int:year>/ca-nhan/<str:staff_code>/", views.person, name="person"),
    path("<int:year>/phong/<str:code>/", views.division, name="division"),
]
