"""Objects for the decisions tests: a draft decision of the office VP with two lines."""

import datetime as dt

from thidua.decisions import services


def draft(office, people, users, *, year=2025, entries=None, source=None):
    if entries is None:
        entries = [
            {"person": people["staff"], "unit": None, "title_code": "LDTT"},
            {"person": None, "unit": office["QH"], "title_code": "TTLDTT"},
        ]
    return services.decision_draft(
        actor=users["secretariat"],
        agency=office["VP"],
        year=year,
        summary=f"Về việc công nhận danh hiệu thi đua năm {year}",
        entries=entries,
        source=source,
    )


def signed(office, people, users, *, signed_on=dt.date(2026, 1, 15), **kwargs):
    decision = draft(office, people, users, **kwargs)
    return services.decision_sign(actor=users["head"], decision=decision, signed_on=signed_on)
