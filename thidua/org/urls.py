from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("don-vi/", views.unit_tree, name="unit_tree"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/cua-toi/", views.me, name="me"),
    path("can-bo/<str:staff_code>/", views.person_detail, name="person_detail"),
    path("can-bo/<str:staff_code>/dieu-chuyen/", views.person_transfer, name="person_transfer"),
    path("nhap-du-lieu/", views.import_start, name="import_start"),
    path("nhap-du-lieu/mau/<str:kind>.<str:fmt>", views.import_template, name="import_template"),
    path("nhap-du-lieu/xuat/can-bo-<str:code>.xlsx", views.staff_export, name="staff_export"),
    path("nhap-du-lieu/<int:pk>/", views.import_preview, name="import_preview"),
    path("nhap-du-lieu/<int:pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap-du-lieu/<int:pk>/huy/", views.import_cancel, name="import_cancel"),
]
