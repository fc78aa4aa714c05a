from django.urls import path

from . import views

app_name = "council"
urlpatterns = [
    path("", views.index, name="index"),
    path("phien/moi/", views.session_create, name="session_create"),
    path("phien/<int:pk>/", views.session_detail, name="session"),
    path("phien/<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("phien/<int:pk>/mo-bo-phieu/", views.ballot_open, name="ballot_open"),
    path("phien/<int:pk>/phieu-bau/", views.ballot_paper, name="ballot"),
    path("phien/<int:pk>/phieu-van-ban/", views.ballot_written, name="ballot_written"),
    path("phien/<int:pk>/kiem-phieu/", views.ballot_close, name="ballot_close"),
    path("phien/<int:pk>/ket-thuc-som/", views.ballot_close_early, name="ballot_close_early"),
    path("phien/<int:pk>/chi-tieu/", views.quota_resolve, name="quota_resolve"),
    path("phien/<int:pk>/cong-khai/", views.posting_start, name="posting_start"),
    path("phien/<int:pk>/bien-ban.<str:fmt>", views.minutes, name="minutes"),
    path("phien/<int:pk>/du-thao-quyet-dinh/", views.decision_draft, name="decision_draft"),
    path("cong-khai/<int:pk>/", views.posting, name="posting"),
    path("cong-khai/<int:pk>/y-kien/", views.objection_lodge, name="objection_lodge"),
    path("y-kien/<int:pk>/tra-loi/", views.objection_answer, name="objection_answer"),
]
