from django.urls import path

from . import council_views, library_views, views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("tao-moi/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/sua/", views.initiative_edit, name="edit"),
    path(
        "<int:pk>/chuyen-trang-thai/<str:action>/", views.initiative_transition, name="transition"
    ),
    path("<int:pk>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/minh-chung/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path(
        "<int:pk>/minh-chung/<int:evidence_pk>/go/", views.evidence_remove, name="evidence_remove"
    ),
    path("<int:pk>/cong-nhan-cap-tren/", views.recognition_record, name="recognition_record"),
    path("<int:pk>/da-su-dung/", views.mark_used, name="mark_used"),
    path("hoi-dong/", council_views.council_edit, name="council"),
    path("hoi-dong/phien-hop/tao-moi/", council_views.session_create, name="session_create"),
    path("hoi-dong/phien-hop/<int:pk>/", council_views.session_detail, name="session"),
    path(
        "hoi-dong/phien-hop/<int:pk>/cham-diem/<int:item_pk>/",
        council_views.score,
        name="score",
    ),
    path(
        "hoi-dong/phien-hop/<int:pk>/ket-thuc/", council_views.session_close, name="session_close"
    ),
    path(
        "hoi-dong/phien-hop/<int:pk>/bien-ban.<str:fmt>",
        council_views.minutes_document,
        name="minutes",
    ),
    path(
        "hoi-dong/phien-hop/<int:pk>/quyet-dinh/",
        council_views.decision_create,
        name="decision_create",
    ),
    path("quyet-dinh/<int:pk>.<str:fmt>", council_views.decision_document, name="decision"),
    path("thu-vien/", library_views.library, name="library"),
    path("thu-vien/dien-hinh/tao-moi/", library_views.exemplar_create, name="exemplar_create"),
    path("thu-vien/dien-hinh/<int:pk>/", library_views.exemplar_detail, name="exemplar"),
    path(
        "thu-vien/dien-hinh/<int:pk>/go/", library_views.exemplar_withdraw, name="exemplar_withdraw"
    ),
]
