from django.urls import path

from . import covenant_views, views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("tao-moi/", views.movement_create, name="create"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("<int:pk>/sua/", views.movement_edit, name="edit"),
    path("<int:pk>/giai-doan/", views.movement_phases, name="phases"),
    path("<int:pk>/chi-tieu/", views.movement_targets, name="targets"),
    path("<int:pk>/chi-tieu/<int:target_pk>/", views.target_detail, name="target_detail"),
    path("<int:pk>/chuyen-trang-thai/<str:action>/", views.movement_transition, name="transition"),
    path("<int:pk>/van-ban.<str:fmt>", covenant_views.plan_document, name="document"),
    path("<int:pk>/dang-ky/", views.register_self, name="register"),
    path("<int:pk>/dang-ky/tong-hop/", views.registrations, name="registrations"),
    path("<int:pk>/dang-ky/thay/", views.register_on_behalf, name="register_on_behalf"),
    path("<int:pk>/dang-ky/nhac/", views.registrations_remind, name="remind"),
    path("<int:pk>/dang-ky/mo-lai/", views.registrations_reopen, name="reopen"),
    path(
        "<int:pk>/dang-ky/danh-sach.<str:fmt>",
        covenant_views.registrations_export,
        name="registrations_export",
    ),
    path("giao-uoc/", covenant_views.covenant_list, name="covenant_list"),
    path("giao-uoc/tao-moi/", covenant_views.covenant_edit, name="covenant_create"),
    path("giao-uoc/<int:pk>/", covenant_views.covenant_detail, name="covenant_detail"),
    path("giao-uoc/<int:pk>/sua/", covenant_views.covenant_edit, name="covenant_edit"),
    path("giao-uoc/<int:pk>/ky-ket/", covenant_views.covenant_sign, name="covenant_sign"),
    path("giao-uoc/<int:pk>/ban-ky", covenant_views.covenant_scan, name="covenant_scan"),
    path(
        "giao-uoc/<int:pk>/van-ban.<str:fmt>",
        covenant_views.covenant_document,
        name="covenant_document",
    ),
]
