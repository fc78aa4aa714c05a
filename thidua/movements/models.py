"""The year's emulation movement: the plan (kế hoạch) and its parts, targets, registrations and
covenants.

A movement's plan text is kept as ordered items per section, so the printed plan reproduces the
office's own wording; targets are also kept as structured rows, which the dashboard tracks.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thi đua thường xuyên")
    THEMATIC = "thematic", _("Thi đua chuyên đề (theo đợt)")


class MovementStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    LAUNCHED = "launched", _("Đã phát động")
    CLOSED = "closed", _("Đã kết thúc")


class Movement(models.Model):
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="movements", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(
        _("loại phong trào"),
        max_length=10,
        choices=MovementKind.choices,
        default=MovementKind.REGULAR,
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("thuộc phong trào"),
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    governing_body = models.CharField(_("cơ quan chủ quản"), max_length=200)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issuer_code = models.CharField(_("ký hiệu cơ quan"), max_length=30)
    number = models.OneToOneField(
        "decisions.RegisteredNumber",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movement",
        verbose_name=_("số kế hoạch"),
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100)
    preamble = models.TextField(
        _("căn cứ, mở đầu"), blank=True, help_text=_("Mỗi đoạn cách nhau một dòng trống.")
    )
    theme = models.CharField(_("chủ đề"), max_length=300, blank=True)
    slogan = models.CharField(_("khẩu hiệu"), max_length=300, blank=True)
    closing = models.TextField(_("câu kết"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    registration_deadline = models.DateField(_("hạn đăng ký thi đua"), null=True, blank=True)
    registration_reopened_until = models.DateField(_("mở lại đăng ký đến"), null=True, blank=True)
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=100, blank=True, help_text=_("Ví dụ: KT. CHÁNH VĂN PHÒNG")
    )
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100)
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "kind", "starts_on"]
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=Q(kind="regular"),
                name="one_regular_movement_per_agency_year",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="movement_period_ordered"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def number_code(self) -> str:
        return self.number.code if self.number_id else ""

    def items(self, section: str) -> list[str]:
        return [i.text for i in self.plan_items.all() if i.section == section]


class Section(models.TextChoices):
    PURPOSE = "purpose", _("Mục đích")
    REQUIREMENT = "requirement", _("Yêu cầu")
    CONTENT = "content", _("Nội dung thực hiện")
    PHASES_INTRO = "phases_intro", _("Giới thiệu các giai đoạn")
    TARGET_COLLECTIVE = "target_collective", _("Chỉ tiêu tập thể (lời văn)")
    TARGET_INDIVIDUAL = "target_individual", _("Chỉ tiêu cá nhân (lời văn)")
    ORGANISATION = "organisation", _("Tổ chức thực hiện")
    RECIPIENT = "recipient", _("Nơi nhận")


class PlanItem(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="plan_items")
    section = models.CharField(_("mục"), max_length=20, choices=Section.choices)
    order = models.PositiveIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("mục kế hoạch")
        verbose_name_plural = _("mục kế hoạch")

    def __str__(self):
        return self.text[:60]


class Phase(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên giai đoạn"), max_length=100)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    description = models.TextField(_("nội dung (lời văn kế hoạch)"), blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_period_ordered"
            ),
        ]

    def __str__(self):
        return self.name


class TargetSubject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class TargetBase(models.TextChoices):
    ALL_DIVISIONS = "all_divisions", _("trên tổng số tập thể phòng")
    PARTICIPANTS = "participants", _("trên số cá nhân tham gia phong trào")
    LDTT_INDIVIDUALS = "ldtt_individuals", _("trên số cá nhân đạt Lao động tiên tiến")


class TargetStrength(models.TextChoices):
    MUST = "must", _("Bắt buộc đạt")
    AIM = "aim", _("Phấn đấu")


class Target(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="targets")
    phase = models.ForeignKey(
        Phase,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("giai đoạn"),
        help_text=_("Để trống: chỉ tiêu cả năm."),
    )
    subject = models.CharField(_("đối tượng"), max_length=12, choices=TargetSubject.choices)
    title_code = models.CharField(_("danh hiệu"), max_length=20)
    percent = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=2)
    base = models.CharField(_("tính trên"), max_length=20, choices=TargetBase.choices)
    strength = models.CharField(_("mức"), max_length=5, choices=TargetStrength.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100), name="target_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.get_strength_display()} {self.percent}% {self.title_code}"


class MovementTransition(models.Model):
    """One row per state change of a movement (who, when, from, to, why)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, choices=MovementStatus.choices)
    to_status = models.CharField(max_length=10, choices=MovementStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class Registration(models.Model):
    """A registered title (đăng ký thi đua). Changing it supersedes the row; history is kept."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("cá nhân"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("tập thể"),
    )
    title_code = models.CharField(_("danh hiệu đăng ký"), max_length=20)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, unit__isnull=True)
                    | Q(person__isnull=True, unit__isnull=False)
                ),
                name="registration_one_subject",
            ),
            models.UniqueConstraint(
                fields=["movement", "person"],
                condition=Q(superseded_at__isnull=True, person__isnull=False),
                name="one_current_registration_per_person",
            ),
            models.UniqueConstraint(
                fields=["movement", "unit"],
                condition=Q(superseded_at__isnull=True, unit__isnull=False),
                name="one_current_registration_per_unit",
            ),
        ]

    def __str__(self):
        return f"{self.person or self.unit}: {self.title_code}"


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký kết")


class Covenant(models.Model):
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="covenants", verbose_name=_("cơ quan")
    )
    movement = models.ForeignKey(
        Movement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="covenants",
        verbose_name=_("phong trào"),
    )
    title = models.CharField(_("tên giao ước"), max_length=300)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    place = models.CharField(_("địa điểm ký"), max_length=200, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    scan = models.FileField(_("bản ký (scan)"), upload_to="covenants/%Y/", blank=True)
    scan_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self):
        return self.title


class CovenantParty(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="parties")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("bên tham gia"), max_length=200)
    representative_name = models.CharField(_("người đại diện"), max_length=150, blank=True)
    representative_position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class CovenantItem(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("cam kết"))

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:60]
