"""Upward dossiers (hồ sơ đề nghị khen thưởng cấp trên): what the office sends the province.

For the titles the office cannot grant (TTLĐXS, CSTĐ tỉnh, Bằng khen tỉnh; DOMAIN.md §2 step 5)
the secretariat gathers the candidates the council approved, each with the rules engine's
screening and, where the engine says "not eligible", a written justification; the head signs
the memo (Tờ trình, TTr, numbered from the register); the dossier is sent, possibly returned by
the province for more, and finally decided, at which point the awards enter the history.

A dossier changes state only through `services.dossier_transition` following its TRANSITIONS
table, leaving a `DossierTransition` row and an audit event.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.rules.codes import TITLE_NAMES

UPWARD_TITLES = ("TTLDXS", "CSTD_TINH", "BK_TINH")


class DossierStatus(models.TextChoices):
    PREPARED = "prepared", _("Đang chuẩn bị")
    SIGNED = "signed", _("Đã ký tờ trình")
    SENT = "sent", _("Đã gửi tỉnh")
    RETURNED = "returned", _("Tỉnh yêu cầu bổ sung")
    DECIDED = "decided", _("Tỉnh đã quyết định")
    CANCELLED = "cancelled", _("Đã huỷ")


class UpwardDossier(models.Model):
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DossierStatus.choices,
        default=DossierStatus.PREPARED,
    )
    # Where the candidates came from: "council" (a council session's approved entries) or
    # "proposals" (accepted proposals, before the council app existed).
    source = models.CharField(_("nguồn danh sách"), max_length=20, default="proposals")
    council_session_id = models.PositiveIntegerField(null=True, blank=True)
    recipient = models.CharField(
        _("kính gửi"),
        max_length=300,
        default="Chủ tịch Ủy ban nhân dân tỉnh (qua Ban Thi đua - Khen thưởng tỉnh)",
    )
    memo_summary = models.TextField(
        _("nội dung tờ trình"),
        blank=True,
        help_text=_("Tóm tắt thành tích chung của cơ quan trong năm, đưa vào tờ trình."),
    )
    memo_number = models.OneToOneField(
        "decisions.RegisteredNumber",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("số tờ trình"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    province_decision_code = models.CharField(
        _("số quyết định của tỉnh"), max_length=60, blank=True
    )
    province_decided_on = models.DateField(_("ngày quyết định của tỉnh"), null=True, blank=True)
    province_issuer = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("hồ sơ đề nghị cấp trên")
        verbose_name_plural = _("hồ sơ đề nghị cấp trên")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=~Q(status="cancelled"),
                name="one_live_upward_dossier_per_year",
            ),
        ]

    def __str__(self):
        return f"Hồ sơ đề nghị cấp trên năm {self.year} – {self.agency}"

    @property
    def memo_code(self) -> str:
        return self.memo_number.code if self.memo_number_id else ""


class DossierEntry(models.Model):
    """One person or collective proposed for one upward title, with the engine's screening."""

    dossier = models.ForeignKey(UpwardDossier, on_delete=models.CASCADE, related_name="entries")
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
    title_code = models.CharField(_("danh hiệu, hình thức"), max_length=20)
    order = models.PositiveSmallIntegerField(default=0)
    nominee = models.ForeignKey(
        "reviews.Nominee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The council's result when the candidate came from a session: "12/15".
    votes = models.CharField(_("kết quả biểu quyết"), max_length=40, blank=True)
    # The engine's screening when the dossier was built: True / False / None (not judged).
    eligible = models.BooleanField(_("đủ điều kiện"), null=True)
    checks = models.JSONField(default=list, blank=True)
    justification = models.TextField(_("giải trình (không đủ điều kiện)"), blank=True)
    included = models.BooleanField(_("đưa vào hồ sơ"), default=True)
    # The achievement report (báo cáo thành tích), national forms' fields the records lack.
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    hometown = models.CharField(_("quê quán"), max_length=200, blank=True)
    qualifications = models.TextField(
        _("trình độ chuyên môn, nghiệp vụ, lý luận chính trị"), blank=True
    )
    functions = models.TextField(_("chức năng, nhiệm vụ được giao"), blank=True)
    organisation = models.TextField(_("tổ chức bộ máy, nhân sự"), blank=True)
    achievements = models.TextField(_("thành tích đạt được (có số liệu)"), blank=True)
    initiatives = models.TextField(_("sáng kiến, đề tài, giải pháp"), blank=True)
    emulation_work = models.TextField(_("công tác thi đua, khen thưởng nội bộ"), blank=True)
    discipline_statement = models.TextField(_("việc chấp hành kỷ luật"), blank=True)
    # Set when the province's decision is recorded.
    awarded = models.BooleanField(_("được tỉnh khen thưởng"), null=True)
    award = models.ForeignKey(
        "decisions.Award", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, unit__isnull=True)
                    | Q(person__isnull=True, unit__isnull=False)
                ),
                name="upward_entry_one_subject",
            ),
            models.UniqueConstraint(
                fields=["dossier", "person", "title_code"],
                condition=Q(person__isnull=False),
                name="upward_entry_person_title_once",
            ),
            models.UniqueConstraint(
                fields=["dossier", "unit", "title_code"],
                condition=Q(unit__isnull=False),
                name="upward_entry_unit_title_once",
            ),
        ]

    def __str__(self):
        return f"{self.subject_name}: {self.title_code}"

    @property
    def is_collective(self) -> bool:
        return self.unit_id is not None

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name

    @property
    def title_name(self) -> str:
        return TITLE_NAMES.get(self.title_code, self.title_code)

    @property
    def not_eligible(self) -> bool:
        return self.eligible is False

    @property
    def needs_justification(self) -> bool:
        return self.included and self.eligible is False and not self.justification.strip()


class DossierTransition(models.Model):
    """One row per state change of a dossier (who, when, from, to, why)."""

    dossier = models.ForeignKey(UpwardDossier, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, choices=DossierStatus.choices)
    to_status = models.CharField(max_length=10, choices=DossierStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
