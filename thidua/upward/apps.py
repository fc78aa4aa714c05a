from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpwardConfig(AppConfig):
    name = "thidua.upward"
    label = "upward"
    verbose_name = _("Hồ sơ đề nghị cấp trên")
