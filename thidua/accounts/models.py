"""User accounts and roles scoped to a unit (DOMAIN.md §5).

A role held at a unit applies to that unit and every unit below it: the secretariat role at the
agency covers all its divisions; a division head's role covers one division.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Cán bộ, công chức, người lao động")
    DIVISION_HEAD = "division_head", _("Trưởng phòng")
    SECRETARIAT = "secretariat", _("Thường trực Hội đồng (Phòng HC-TC-QT)")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    INITIATIVE_COUNCIL_MEMBER = "initiative_council_member", _("Thành viên Hội đồng sáng kiến")
    HEAD = "head", _("Chánh Văn phòng")
    UNION_REP = "union_rep", _("Đại diện Công đoàn")
    ADMIN = "admin", _("Quản trị hệ thống")
    # Granted on a province unit: reads every agency of the province, receives upward dossiers.
    PROVINCE_BOARD = "province_board", _("Ban Thi đua - Khen thưởng tỉnh")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    person = models.OneToOneField(
        "org.Person",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    # Set when an administrator re-activates a disabled account: inactivity counts from here.
    activity_since = models.DateTimeField(_("tính hoạt động từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def get_full_name(self):
        return self.full_name or super().get_full_name()

    def get_short_name(self):
        return self.full_name.split()[-1] if self.full_name else self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("tài khoản")
    )
    role = models.CharField(_("vai trò"), max_length=40, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("đơn vị"),
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân vai trò")
        verbose_name_plural = _("phân vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(valid_to__isnull=True),
                name="one_open_role_per_user_unit",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="role_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
