from django.urls import path

from . import import_views, views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("tao/", views.decision_create, name="create"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/sua/", views.decision_edit, name="edit"),
    path("<int:pk>/them-dong/", views.entry_add, name="entry_add"),
    path("<int:pk>/bo-dong/<int:entry_pk>/", views.entry_remove, name="entry_remove"),
    path("<int:pk>/ky/", views.decision_sign, name="sign"),
    path("<int:pk>/huy/", views.decision_cancel, name="cancel"),
    path("<int:pk>/van-ban.<str:fmt>", views.decision_document, name="document"),
    path("<int:pk>/van-ban-ky-so.pdf", views.decision_signed_pdf, name="signed_pdf"),
    path("kiem-tra-chu-ky-so/", views.signature_verify, name="verify"),
    path("<int:pk>/giay-khen.pdf", views.certificates, name="certificates"),
    path("<int:pk>/giay-khen/<int:entry_pk>.pdf", views.certificate, name="certificate"),
    path("<int:pk>/ban-ky/", views.scan_upload, name="scan_upload"),
    path("<int:pk>/ban-ky/tai-ve/", views.scan_download, name="scan"),
    path("lich-su/nhap/", import_views.import_start, name="history_import"),
    path("lich-su/nhap/mau.xlsx", import_views.import_template, name="history_template"),
    path("lich-su/xuat/<str:code>.xlsx", import_views.history_export, name="history_export"),
    path("lich-su/nhap/<int:pk>/", import_views.import_preview, name="history_preview"),
    path("lich-su/nhap/<int:pk>/xac-nhan/", import_views.import_confirm, name="history_confirm"),
    path("lich-su/nhap/<int:pk>/huy/", import_views.import_cancel, name="history_cancel"),
]
