from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "thidua.council"
    label = "council"
    verbose_name = _("Hội đồng Thi đua - Khen thưởng")

    def ready(self):
        from thidua.decisions.services import register_issue_gate

        from .services import council_issue_gate

        register_issue_gate(council_issue_gate)
