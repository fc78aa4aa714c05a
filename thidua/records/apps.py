from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "thidua.records"
    label = "records"
    verbose_name = _("Hồ sơ thành tích hằng năm")
