"""The regulations library: laws, decrees, circulars and the province's and the office's own
rules (quy chế, kế hoạch, hướng dẫn) that emulation and commendation work runs under.

A document belongs to one scope: national (everyone reads it), a province (its agencies read it)
or an agency (its staff read it). Its text is extracted at upload and stored folded for
accent-insensitive search; the file itself stays in the private storage and is served only after
the permission check. Documents are never deleted: a replaced one keeps its row and points to
the one that replaced it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    AGENCY = "agency", _("Cơ quan")


class Kind(models.TextChoices):
    LAW = "luat", _("Luật")
    DECREE = "nghi_dinh", _("Nghị định")
    CIRCULAR = "thong_tu", _("Thông tư")
    DECISION = "quyet_dinh", _("Quyết định")
    RULES = "quy_che", _("Quy chế")
    PLAN = "ke_hoach", _("Kế hoạch")
    GUIDANCE = "huong_dan", _("Hướng dẫn")


# Order in which kinds are listed: the law first, the office's own papers last.
KIND_ORDER = [k.value for k in Kind]


class Regime(models.TextChoices):
    COMMON = "", _("Chung cho cả hai chế độ")
    VN2013 = "vn2013", _("Luật TĐKT 2003 (sửa đổi 2005, 2013)")
    VN2022 = "vn2022", _("Luật TĐKT 2022")


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    REPLACED = "replaced", _("Đã được thay thế")
    EXPIRED = "expired", _("Hết hiệu lực")


class Regulation(models.Model):
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices)
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regulations",
        verbose_name=_("tỉnh / cơ quan"),
    )
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    regime = models.CharField(
        _("chế độ pháp lý"), max_length=10, choices=Regime.choices, blank=True, default=""
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        verbose_name=_("được thay thế bởi"),
    )
    summary = models.TextField(_("nội dung chính"), blank=True)
    file = models.FileField(upload_to="regulations/%Y/", blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("nội dung văn bản"), blank=True, editable=False)
    search_title = models.CharField(max_length=600, editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("văn bản quy định")
        verbose_name_plural = _("văn bản quy định")
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="national", unit__isnull=True) | Q(unit__isnull=False))
                & ~Q(scope="national", unit__isnull=False),
                name="regulation_scope_unit",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="regulation_effective_ordered",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(status="replaced"),
                name="regulation_replaced_by_only_when_replaced",
            ),
            models.UniqueConstraint(
                fields=["scope", "unit", "kind", "number"],
                condition=~Q(number=""),
                name="regulation_unique_number",
            ),
        ]

    def __str__(self):
        if self.number:
            return f"{self.get_kind_display()} {self.number}: {self.title}"
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def label(self) -> str:
        """ "Nghị định 91/2017/NĐ-CP" or the title when the document has no number."""
        if self.number:
            return f"{self.get_kind_display()} {self.number}"
        return self.title

    @property
    def has_file(self) -> bool:
        return bool(self.file)
