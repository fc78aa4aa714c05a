from django.urls import path

from . import views

app_name = "upward"
urlpatterns = [
    path("", views.index, name="index"),
    path("lap-ho-so/", views.create, name="create"),
    path("tinh/", views.province, name="province"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/to-trinh/", views.memo_update, name="memo_update"),
    path("<int:pk>/to-trinh.<str:fmt>", views.memo, name="memo"),
    path("<int:pk>/ho-so.zip", views.archive, name="archive"),
    path("<int:pk>/chuyen-trang-thai/<str:action>/", views.transition, name="transition"),
    path("<int:pk>/muc/<int:entry_pk>/", views.entry_edit, name="entry"),
    path("<int:pk>/muc/<int:entry_pk>/dua-vao/", views.entry_include, name="entry_include"),
    path("<int:pk>/muc/<int:entry_pk>/bao-cao.docx", views.report, name="report"),
]
