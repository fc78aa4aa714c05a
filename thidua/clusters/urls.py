from django.urls import path

from . import views

app_name = "clusters"
urlpatterns = [
    path("", views.index, name="index"),
    path("tao-moi/", views.cluster_create, name="cluster_create"),
    path("tinh/", views.province, name="province"),
    path("<int:pk>/", views.year_detail, name="year"),
    path("<int:pk>/sua/", views.year_edit, name="year_edit"),
    path("<int:pk>/bang-diem/them/", views.table_add, name="table_add"),
    path(
        "<int:pk>/tieu-chi/<int:criterion_pk>/xoa/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path("<int:pk>/chuyen/<str:action>/", views.transition, name="transition"),
    path("<int:pk>/nam-sau/", views.next_year, name="next_year"),
    path("<int:pk>/cham/<str:code>/", views.sheet, name="sheet"),
    path("<int:pk>/cham/<str:code>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/minh-chung/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/bang-diem.xlsx", views.sheets_xlsx, name="sheets_xlsx"),
    path("<int:pk>/to-trinh.<str:fmt>", views.proposal, name="proposal"),
    path("<int:pk>/giao-uoc.<str:fmt>", views.covenant, name="covenant"),
]
