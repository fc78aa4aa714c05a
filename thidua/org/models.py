"""The organisation: units (province → agency → division), people and memberships over time.

Memberships are never overwritten: a transfer ends one membership and starts another, so the
division a person belonged to on any date can be answered, which the yearly reviews need.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.text import fold, mask_citizen_id


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    AGENCY = "agency", _("Cơ quan")
    DIVISION = "division", _("Phòng, bộ phận")


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit):
        """`unit` and every unit below it."""
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    code = models.CharField(_("mã đơn vị"), max_length=30, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("/DT/VP/HCTCQT/"), kept by the services, for subtree queries.
    path = models.CharField(max_length=500, db_index=True, editable=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # A division that emulates as a collective (tập thể phòng). The leadership board of an
    # office is a unit for membership but not a collective that registers titles.
    is_collective = models.BooleanField(_("là tập thể thi đua"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def agency(self):
        """The agency this unit belongs to (itself if it is one)."""
        unit = self
        while unit is not None and unit.kind != UnitKind.AGENCY:
            unit = unit.parent
        return unit


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Person(models.Model):
    staff_code = models.CharField(_("mã cán bộ"), max_length=30, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    search_name = models.CharField(max_length=150, db_index=True, editable=False)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    recruited_on = models.DateField(_("ngày tuyển dụng"))
    email = models.EmailField(_("thư điện tử"), blank=True)
    agency = models.ForeignKey(
        Unit, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="staff"
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)

    class Meta:
        ordering = ["search_name", "staff_code"]
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def __str__(self):
        return f"{self.full_name} ({self.staff_code})"

    def save(self, *args, **kwargs):
        # Derived column for accent-insensitive search on every database.
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def citizen_id_masked(self) -> str:
        return mask_citizen_id(self.citizen_id)

    @property
    def last_name_key(self) -> str:
        """Vietnamese lists sort by given name (the last word), then the full name."""
        parts = self.search_name.split()
        return f"{parts[-1] if parts else ''} {self.search_name}"


class Membership(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("cán bộ")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("đơn vị")
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end_date__isnull=True),
                name="one_current_membership_per_person",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name} – {self.unit}"


class ImportKind(models.TextChoices):
    UNITS = "units", _("Đơn vị")
    STAFF = "staff", _("Cán bộ")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Chờ xác nhận")
    APPLIED = "applied", _("Đã nhập")
    CANCELLED = "cancelled", _("Đã huỷ")


class ImportBatch(models.Model):
    """An uploaded file, parsed and validated, waiting for confirmation.

    The parsed rows are kept here (not the file), so the preview and the save use the same data.
    """

    kind = models.CharField(_("loại dữ liệu"), max_length=10, choices=ImportKind.choices)
    agency = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.filename}"
