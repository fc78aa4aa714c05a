from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("mo-binh-xet/", views.review_create, name="review_create"),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/ket-thuc/", views.review_submit, name="review_submit"),
    path("<int:pk>/bien-ban.<str:fmt>", views.minutes, name="minutes"),
    path("ho-so/<int:pk>/", views.proposal_detail, name="proposal"),
    path(
        "ho-so/<int:pk>/chuyen-trang-thai/<str:action>/",
        views.proposal_transition,
        name="transition",
    ),
    path("ho-so/<int:pk>/giai-trinh/<int:nominee_pk>/", views.nominee_justify, name="justify"),
    path("ho-so/<int:pk>/tai-lieu/", views.attachment_upload, name="attachment_upload"),
    path(
        "ho-so/<int:pk>/tai-lieu/<int:attachment_pk>/", views.attachment_download, name="attachment"
    ),
    path("dot-xuat/", views.ad_hoc_create, name="ad_hoc_create"),
    path("tiep-nhan/", views.inbox, name="inbox"),
]
