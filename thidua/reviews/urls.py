from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("ho-so/<int:pk>/", views.proposal_detail, name="proposal"),
]
