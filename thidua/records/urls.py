from django.urls import path

from . import import_views, views

app_name = "records"
urlpatterns = [
    path("", views.index, name="index"),
    path("nam/<int:year>/", views.year_overview, name="year_overview"),
    path("phong/<str:code>/<int:year>/", views.collective_year, name="collective_year"),
    path("nhap/", import_views.import_start, name="import_start"),
    path("nhap/mau.xlsx", import_views.import_template, name="import_template"),
    path("xuat/<str:code>-<int:year>.xlsx", import_views.records_export, name="records_export"),
    path("nhap/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("nhap/<int:pk>/xac-nhan/", import_views.import_confirm, name="import_confirm"),
    path("nhap/<int:pk>/huy/", import_views.import_cancel, name="import_cancel"),
    path("<str:staff_code>/<int:year>/", views.person_year, name="person_year"),
    path("<str:staff_code>/<int:year>/xep-loai/", views.rating_set, name="rating_set"),
    path("<str:staff_code>/<int:year>/<slug:kind>/them/", views.fact_add, name="fact_add"),
    path(
        "<str:staff_code>/<int:year>/<slug:kind>/<int:pk>/huy/",
        views.fact_withdraw,
        name="fact_withdraw",
    ),
]
