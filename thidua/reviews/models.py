"""Division reviews (bình xét) and the proposals (hồ sơ đề nghị) they send to the council.

A review is the division's meeting at the end of a phase or of the year: who was present, the
candidates the rules engine pre-filled with their eligibility, and the votes. Submitting it
creates a proposal, which then changes state only through `services.proposal_transition`
following its TRANSITIONS table, leaving a `ProposalTransition` row and an audit event.
Ad-hoc proposals (khen thưởng đột xuất) take the same path without a review.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.rules.codes import TITLE_NAMES


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Đang bình xét")
    SUBMITTED = "submitted", _("Đã lập hồ sơ đề nghị")


class Review(models.Model):
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    division = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("phòng")
    )
    movement = models.ForeignKey(
        "movements.Movement",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("phong trào"),
    )
    phase = models.ForeignKey(
        "movements.Phase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("giai đoạn"),
        help_text=_("Để trống: bình xét cả năm."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=200)
    chair_name = models.CharField(_("chủ trì"), max_length=150)
    secretary_name = models.CharField(_("thư ký"), max_length=150)
    # The `division_vote_threshold` in force when the review was opened (DOMAIN.md §3.3, §7):
    # a candidate is proposed when approvals are MORE than this percentage of those present.
    threshold_percent = models.PositiveSmallIntegerField(_("tỷ lệ biểu quyết (%)"), default=50)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    votes_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("cuộc họp bình xét")
        verbose_name_plural = _("cuộc họp bình xét")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "movement", "phase"],
                condition=Q(phase__isnull=False),
                name="one_review_per_division_phase",
            ),
            models.UniqueConstraint(
                fields=["division", "movement"],
                condition=Q(phase__isnull=True),
                name="one_year_review_per_division",
            ),
            models.CheckConstraint(
                condition=Q(threshold_percent__lte=100), name="review_threshold_range"
            ),
        ]

    def __str__(self):
        return f"Bình xét {self.period_label} – {self.division}"

    @property
    def period_label(self) -> str:
        return self.phase.name if self.phase_id else f"năm {self.year}"

    @property
    def present_count(self) -> int:
        return sum(1 for a in self.attendance.all() if a.present)


class Attendance(models.Model):
    """One member of the division on the review date, present or not."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        ordering = ["person__search_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="attendance_once"),
        ]

    def __str__(self):
        return f"{self.person.full_name}: {'có mặt' if self.present else 'vắng'}"


class SubjectMixin(models.Model):
    """A person or a collective (the division), with a title and the engine's verdict."""

    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cá nhân"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tập thể"),
    )
    title_code = models.CharField(_("danh hiệu"), max_length=20)
    # The rules engine's verdict when the row was made: True / False, or None when the engine
    # does not judge the title (Giấy khen). `checks` keeps its reasons and legal basis.
    eligible = models.BooleanField(_("đủ điều kiện"), null=True)
    checks = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name

    @property
    def title_name(self) -> str:
        return TITLE_NAMES.get(self.title_code, self.title_code)

    @property
    def failed_checks(self) -> list[dict]:
        return [c for c in self.checks if not c.get("passed")]


class Candidate(SubjectMixin):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="candidates")
    order = models.PositiveSmallIntegerField(default=0)
    approve_votes = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    present_votes = models.PositiveSmallIntegerField(_("số có mặt"), null=True, blank=True)
    proposed = models.BooleanField(_("được đề nghị"), default=False)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, unit__isnull=True)
                    | Q(person__isnull=True, unit__isnull=False)
                ),
                name="candidate_one_subject",
            ),
            models.UniqueConstraint(
                fields=["review", "person", "title_code"],
                condition=Q(person__isnull=False),
                name="candidate_person_title_once",
            ),
            models.UniqueConstraint(
                fields=["review", "unit", "title_code"],
                condition=Q(unit__isnull=False),
                name="candidate_unit_title_once",
            ),
        ]

    def __str__(self):
        return f"{self.subject_name}: {self.title_code}"


class ProposalKind(models.TextChoices):
    REVIEW = "review", _("Theo kết quả bình xét")
    AD_HOC = "ad_hoc", _("Khen thưởng đột xuất")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi Hội đồng")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RESUBMITTED = "resubmitted", _("Đã gửi lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận, đưa vào chương trình họp")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Proposal(models.Model):
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    division = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("phòng")
    )
    kind = models.CharField(
        _("loại hồ sơ"), max_length=10, choices=ProposalKind.choices, default=ProposalKind.REVIEW
    )
    review = models.OneToOneField(
        Review,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal",
        verbose_name=_("cuộc họp bình xét"),
    )
    movement = models.ForeignKey(
        "movements.Movement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phong trào"),
    )
    phase = models.ForeignKey(
        "movements.Phase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("giai đoạn"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    reason = models.TextField(_("lý do đề nghị (khen đột xuất)"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
    )
    # The council itself is a later issue: acceptance only marks the proposal for its agenda.
    agenda = models.CharField(_("chương trình họp Hội đồng"), max_length=200, blank=True)
    accepted_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ad_hoc") | Q(review__isnull=False),
                name="review_proposal_has_review",
            ),
        ]

    def __str__(self):
        return f"Hồ sơ đề nghị số {self.pk} – {self.division}"

    @property
    def period_label(self) -> str:
        if self.kind == ProposalKind.AD_HOC:
            return f"đột xuất năm {self.year}"
        return self.phase.name if self.phase_id else f"năm {self.year}"


class Nominee(SubjectMixin):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominees")
    candidate = models.OneToOneField(
        Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="nominee"
    )
    order = models.PositiveSmallIntegerField(default=0)
    approve_votes = models.PositiveSmallIntegerField(null=True, blank=True)
    present_votes = models.PositiveSmallIntegerField(null=True, blank=True)
    # Required when the engine says not eligible: why the division proposes anyway.
    justification = models.TextField(_("giải trình (không đủ điều kiện)"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, unit__isnull=True)
                    | Q(person__isnull=True, unit__isnull=False)
                ),
                name="nominee_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.subject_name}: {self.title_code}"

    @property
    def not_eligible(self) -> bool:
        return self.eligible is False

    @property
    def needs_justification(self) -> bool:
        return self.eligible is False and not self.justification.strip()


class AttachmentKind(models.TextChoices):
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    INITIATIVE_PROOF = "initiative_proof", _("Minh chứng sáng kiến")
    MINUTES = "minutes", _("Biên bản đã ký")
    OTHER = "other", _("Tài liệu khác")


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    nominee = models.ForeignKey(
        Nominee,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("của người/tập thể được đề nghị"),
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(upload_to="proposals/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")

    def __str__(self):
        return self.original_name


class ProposalTransition(models.Model):
    """One row per state change of a proposal (who, when, from, to, why)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, choices=ProposalStatus.choices)
    to_status = models.CharField(max_length=12, choices=ProposalStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
