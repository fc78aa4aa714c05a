"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("thidua.core.urls")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("to-chuc/", include("thidua.org.urls")),
    path("phong-trao/", include("thidua.movements.urls")),
    path("sang-kien/", include("thidua.initiatives.urls")),
    path("binh-xet/", include("thidua.reviews.urls")),
    path("ho-so/", include("thidua.records.urls")),
    path("xet-danh-hieu/", include("thidua.eligibility.urls")),
    path("quyet-dinh/", include("thidua.decisions.urls")),
    path("api/", include("thidua.api.urls")),
    path("hoi-dong/", include("thidua.council.urls")),
    path("de-nghi-cap-tren/", include("thidua.upward.urls")),
    path("bao-cao/", include("thidua.reports.urls")),
    path("cum-khoi/", include("thidua.clusters.urls")),
    path("van-ban/", include("thidua.regulations.urls")),
    path("tham-so-phap-ly/", include("thidua.legal.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "thidua.core.views.error_403"
handler404 = "thidua.core.views.error_404"
handler500 = "thidua.core.views.error_500"
