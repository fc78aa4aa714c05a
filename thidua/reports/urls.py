from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("phong-trao/<int:pk>/<str:kind>/", views.report_detail, name="report"),
    path(
        "phong-trao/<int:pk>/<str:kind>/tai-ve.<str:fmt>",
        views.report_download,
        name="report_document",
    ),
    path("phong-trao/<int:pk>/<str:kind>/ban-hanh/", views.report_issue, name="report_issue"),
    path("thong-ke/<str:kind>/", views.stats, name="stats"),
    path("thong-ke/<str:kind>/tai-ve.xlsx", views.stats_xlsx, name="stats_xlsx"),
    path("lich-su/ca-nhan/<str:staff_code>/", views.person_history, name="person_history"),
    path("lich-su/don-vi/<str:code>/", views.unit_history, name="unit_history"),
    path("so-khen-thuong/", views.register, name="register"),
    path("so-khen-thuong/tai-ve.xlsx", views.register_xlsx, name="register_xlsx"),
    path("trao-doi/<int:year>.<str:fmt>", views.exchange, name="exchange"),
]
