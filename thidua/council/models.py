"""The office's Council for Emulation and Commendation (Hội đồng Thi đua - Khen thưởng).

A `CouncilSession` snapshots the year's members (council members of the agency plus the head
as chair) and takes its agenda from the accepted proposals' nominees. The secretariat records
attendance, opens one secret `Ballot`, closes it (the tally and a SHA-256 digest go into the
minutes, numbered in the council's own series), resolves the CSTĐCS quota when the approved
exceed the cap, and posts the result publicly; staff may lodge objections, which the
secretariat answers.

Secrecy of the ballot (DOMAIN.md §3.3): `BallotCast` says only that a member has cast (one row
per member, enforced by a unique constraint, no timestamp); the papers live in the ballot's
`urn`, a JSON list in which each new paper is put at a random position, with no id, voter or
time, so neither row order nor ids reveal who cast which paper. Nothing counts the papers
until the ballot is closed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.rules.codes import TITLE_NAMES

SERIES = "HĐTĐKT"


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Đang họp")
    CLOSED = "closed", _("Đã kết thúc bỏ phiếu")
    POSTING = "posting", _("Đang/đã công khai")


class QuotaState(models.TextChoices):
    NONE = "none", _("Không vượt chỉ tiêu")
    PENDING = "pending", _("Vượt chỉ tiêu, chờ xử lý")
    RESOLVED = "resolved", _("Đã xử lý theo thứ tự phiếu")


class CouncilSession(models.Model):
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=200)
    governing_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    chair_name = models.CharField(_("chủ tịch Hội đồng"), max_length=150, blank=True)
    secretary_name = models.CharField(_("thư ký"), max_length=150, blank=True)
    # Values in force when the session was opened (DOMAIN.md §7), printed in the minutes.
    quorum_numerator = models.PositiveSmallIntegerField(default=2)
    quorum_denominator = models.PositiveSmallIntegerField(default=3)
    approval_percent = models.PositiveSmallIntegerField(_("tỷ lệ tán thành (%)"), default=50)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    minutes_number = models.OneToOneField(
        "decisions.RegisteredNumber",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("số biên bản"),
    )
    quota_state = models.CharField(
        max_length=10, choices=QuotaState.choices, default=QuotaState.NONE
    )
    quota_cap = models.PositiveIntegerField(null=True, blank=True)
    quota_reason = models.TextField(blank=True)
    quota_note = models.TextField(_("giải trình xử lý chỉ tiêu"), blank=True)
    posting_starts_on = models.DateField(_("công khai từ ngày"), null=True, blank=True)
    posting_ends_on = models.DateField(_("công khai đến hết ngày"), null=True, blank=True)
    posting_days = models.PositiveSmallIntegerField(_("số ngày làm việc công khai"), default=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("phiên họp Hội đồng TĐKT")
        verbose_name_plural = _("phiên họp Hội đồng TĐKT")
        constraints = [
            models.CheckConstraint(
                condition=Q(approval_percent__lte=100), name="council_approval_range"
            ),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gte=1)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="council_quorum_fraction",
            ),
        ]

    def __str__(self):
        return f"Phiên họp Hội đồng TĐKT năm {self.year} ({self.held_on:%d/%m/%Y})"

    @property
    def quorum_label(self) -> str:
        return f"{self.quorum_numerator}/{self.quorum_denominator}"

    def issue_blockers(self, today=None) -> list[str]:
        """Why a decision based on this session cannot be issued yet (empty: it can)."""
        from .services import issue_blockers

        return issue_blockers(self, today=today)


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch Hội đồng")
    MEMBER = "member", _("Thành viên")


class CouncilMember(models.Model):
    """A member of the council for this session (a snapshot: later role changes do not alter
    who could vote). `present` is the attendance recorded by the secretariat."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        ordering = ["role", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="council_member_once"),
        ]

    def __str__(self):
        return self.full_name


class AgendaItem(models.Model):
    """One nominee of an accepted proposal on the agenda, and what the council made of it."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    nominee = models.ForeignKey("reviews.Nominee", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    approvals = models.PositiveSmallIntegerField(_("số phiếu tán thành"), null=True, blank=True)
    passed = models.BooleanField(_("đạt tỷ lệ"), null=True)
    # CSTĐCS over the cap: rank by approvals (1 = most); `tied` marks a tie across the cut line.
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    tied = models.BooleanField(default=False)
    quota_cut = models.BooleanField(_("không được chọn do vượt chỉ tiêu"), default=False)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nominee"], name="agenda_nominee_once"),
        ]

    def __str__(self):
        return f"{self.subject_name}: {self.title_code}"

    @property
    def subject_name(self) -> str:
        return self.nominee.subject_name

    @property
    def title_code(self) -> str:
        return self.nominee.title_code

    @property
    def title_name(self) -> str:
        return TITLE_NAMES.get(self.title_code, self.title_code)

    @property
    def approved(self) -> bool:
        return bool(self.passed) and not self.quota_cut


class BallotStatus(models.TextChoices):
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kiểm phiếu")


class Ballot(models.Model):
    session = models.OneToOneField(CouncilSession, on_delete=models.PROTECT, related_name="ballot")
    status = models.CharField(max_length=10, choices=BallotStatus.choices, default="open")
    member_count = models.PositiveSmallIntegerField(_("tổng số thành viên"))
    approval_percent = models.PositiveSmallIntegerField(_("tỷ lệ tán thành (%)"))
    # The papers: [{"<agenda item id>": "yes" | "no", ...}, ...], each new one at a random
    # position; sorted canonically on closing. No voter, no time, no id.
    urn = models.JSONField(default=list)
    # Set on closing only: {"<agenda item id>": approvals}, and SHA-256 of the sorted papers.
    tally = models.JSONField(null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    paper_count = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc bỏ phiếu kín")
        verbose_name_plural = _("cuộc bỏ phiếu kín")

    def __str__(self):
        return f"Phiếu kín – {self.session}"


class BallotCast(models.Model):
    """That a member has cast (in person or, for an absent member, in writing through the
    secretariat). Participation is public, like signing the attendance sheet; the paper is not
    linked to this row. No timestamp, on purpose."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="casts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    written = models.BooleanField(_("bỏ phiếu bằng văn bản"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_cast_per_member"),
        ]

    def __str__(self):
        return f"{self.member} đã bỏ phiếu"


class Objection(models.Model):
    """An objection lodged during the public posting, naming a nominee; the secretariat
    answers it before a decision may be issued."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="objections")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="objections", verbose_name=_("về")
    )
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("nội dung ý kiến"))
    lodged_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("trả lời"), blank=True)
    upheld = models.BooleanField(_("ý kiến được chấp nhận"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lodged_at", "id"]
        verbose_name = _("ý kiến phản ánh")
        verbose_name_plural = _("ý kiến phản ánh")

    def __str__(self):
        return f"Ý kiến về {self.item}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
