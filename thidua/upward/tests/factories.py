"""Builders for upward-dossier tests: an accepted proposal of division QH carrying upward
nominees (TTLĐXS for QH, CSTĐ tỉnh for P04) and an ad-hoc accepted proposal of ND (Bằng khen
tỉnh for P07, whom the engine finds eligible: HTXSNV this year and CSTĐCS last year), and a
dossier driven to any state through the services."""

import datetime as dt

from conftest import make_user
from thidua.accounts.models import Role
from thidua.decisions.models import Award
from thidua.records.services import record_rating_set
from thidua.reviews import services as review_services
from thidua.reviews.models import Nominee, Review
from thidua.reviews.tests.factories import voted_review
from thidua.upward import services
from thidua.upward.models import DossierStatus

S = DossierStatus
YEAR = dt.date.today().year
JUSTIFICATION = "Có nhiều đóng góp nổi bật cho công tác tổng hợp, phục vụ kỳ họp HĐND tỉnh."


def accepted_upward_proposals(office, people):
    """Two accepted proposals whose nominees are the upward candidates of the year."""
    if Review.objects.filter(division=office["QH"]).exists():
        # The permission matrix already holds QH's review: use an ad-hoc proposal instead.
        proposal = review_services.proposal_create_ad_hoc(
            actor=None,
            division=office["QH"],
            year=YEAR,
            reason="Thành tích xuất sắc",
            nominees=[(people["staff"], None, "GIAY_KHEN")],
        )
    else:
        review = voted_review(office, people)
        proposal = review_services.review_submit(actor=None, review=review)
    Nominee.objects.create(proposal=proposal, unit=office["QH"], title_code="TTLDXS", order=5)
    Nominee.objects.create(
        proposal=proposal, person=people["staff"], title_code="CSTD_TINH", order=6
    )
    for action in ("submit", "accept"):
        proposal = review_services.proposal_transition(actor=None, proposal=proposal, action=action)
    p07 = people["nd_staff"]
    record_rating_set(actor=None, person=p07, year=YEAR, rating="HTXSNV")
    Award.objects.create(
        person=p07,
        year=YEAR - 1,
        title_code="CSTDCS",
        decision_code="12/QĐ-VP",
        decided_on=dt.date(YEAR, 1, 10),
        issuer_name="Chánh Văn phòng",
    )
    ad_hoc = review_services.proposal_create_ad_hoc(
        actor=None,
        division=office["ND"],
        year=YEAR,
        reason="Hoàn thành xuất sắc nhiệm vụ phục vụ kỳ họp",
        nominees=[(p07, None, "BK_TINH")],
    )
    for action in ("submit", "accept"):
        ad_hoc = review_services.proposal_transition(actor=None, proposal=ad_hoc, action=action)
    return proposal, ad_hoc


def justify_all(dossier):
    for entry in dossier.entries.all():
        if entry.eligible is False:
            services.entry_update(actor=None, entry=entry, justification=JUSTIFICATION)


def dossier_in(office, people, state, year=YEAR):
    """A dossier of VP built from the accepted proposals, driven to `state`."""
    accepted_upward_proposals(office, people)
    dossier = services.dossier_create(actor=None, agency=office["VP"], year=year)
    if state == S.PREPARED:
        return dossier
    if state == S.CANCELLED:
        return services.dossier_transition(
            actor=None, dossier=dossier, action="cancel", reason="Lập lại"
        )
    justify_all(dossier)
    path = {
        S.SIGNED: ["sign"],
        S.SENT: ["sign", "send"],
        S.RETURNED: ["sign", "send", "return"],
        S.DECIDED: ["sign", "send", "decide"],
    }[state]
    for action in path:
        dossier = services.dossier_transition(
            actor=None,
            dossier=dossier,
            action=action,
            reason="Bổ sung bản sao quyết định công nhận sáng kiến",
            decision_code="125/QĐ-UBND",
            decided_on=dt.date.today(),
        )
    return dossier


def province_board_user(office, username="ban_tdkt"):
    return make_user(username, None, [(Role.PROVINCE_BOARD, office["DT"])])
