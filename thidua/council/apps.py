import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def hide_ballot_sql(record: logging.LogRecord) -> bool:
    """Drop SQL debug lines about ballots: with DEBUG on, the query log would otherwise show the
    cast row (member) next to the urn update (the paper), in order."""
    return "council_ballot" not in str(getattr(record, "sql", "") or "")


class CouncilConfig(AppConfig):
    name = "thidua.council"
    label = "council"
    verbose_name = _("Hội đồng Thi đua - Khen thưởng")

    def ready(self):
        from thidua.decisions.services import register_issue_gate

        from .services import council_issue_gate

        register_issue_gate(council_issue_gate)
        logger = logging.getLogger("django.db.backends")
        if hide_ballot_sql not in logger.filters:
            logger.addFilter(hide_ballot_sql)
