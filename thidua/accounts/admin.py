import contextvars

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.core.audit import audit_record

from . import services
from .models import RoleAssignment, User
from .otp import confirmed_device

# Devices are managed on the account pages (setup by the user, audited reset by an
# administrator), never edited or deleted unaudited in the admin.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


def _login_through_the_application(request, extra_context=None):
    """The admin's own login form would skip the second factor: use the application's."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _login_through_the_application


# Who is setting a password in the admin's password form (set around the admin's view).
_PASSWORD_ACTOR: contextvars.ContextVar = contextvars.ContextVar("password_actor", default=None)


class AdminSetPasswordForm(AdminPasswordChangeForm):
    """The admin's "change password" form, through the accounts service: a password an
    administrator sets is an initial one, to be changed at the next login, and it is audited
    (before, the admin form saved it silently and the user kept it for good)."""

    def save(self, commit=True):
        if not self.cleaned_data.get("set_usable_password", True):
            return super().save(commit=commit)
        actor = _PASSWORD_ACTOR.get()
        services.password_set(
            actor=actor,
            user=self.user,
            password=self.cleaned_data["password1"],
            # One's own new password is not an initial one.
            initial=getattr(actor, "pk", None) != self.user.pk,
        )
        self.user.refresh_from_db()
        return self.user


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "person", "is_active", "must_change_password")
    search_fields = ("username", "full_name", "person__staff_code")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin", {"fields": ("full_name", "email", "person", "must_change_password")}),
        (
            "Trạng thái",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "last_login",
                    "date_joined",
                    "activity_since",
                    "second_factor",
                )
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined", "activity_since", "second_factor")

    @admin.display(description="Xác thực hai bước")
    def second_factor(self, obj):
        if obj.pk is None:
            return "—"
        state = "Đang bật" if confirmed_device(obj) is not None else "Chưa bật"
        return format_html(
            '{} · <a href="{}">Đặt lại (có lý do, ghi nhật ký)</a>',
            state,
            reverse("accounts:otp_reset", args=[obj.pk]),
        )

    autocomplete_fields = ("person",)
    inlines = [RoleAssignmentInline]

    change_password_form = AdminSetPasswordForm

    def user_change_password(self, request, id, form_url=""):
        token = _PASSWORD_ACTOR.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _PASSWORD_ACTOR.reset(token)

    def save_model(self, request, obj, form, change):
        if not change:
            # An account created here starts with an initial password to be changed.
            obj.must_change_password = True
        elif "is_active" in form.changed_data and obj.is_active:
            # Re-activated: inactivity counts from now, not from the old last login.
            obj.activity_since = timezone.now()
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="user.change" if change else "user.create",
            obj=obj,
            after={f: form.cleaned_data.get(f) for f in form.changed_data if "password" not in f},
        )
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.revoke_api_tokens(
                actor=request.user, user=obj, reason="Tài khoản bị khoá trong trang Quản trị."
            )

    def save_formset(self, request, form, formset, change):
        # What the inline deletes is read before it is gone, so the audit says what it was
        # (before, a role deleted here left no trace).
        removed = []
        if formset.model is RoleAssignment:
            removed = [f.instance for f in formset.deleted_forms if f.instance.pk]
        deleted = [
            (
                obj.unit.agency() or obj.unit,
                {
                    "id": obj.pk,
                    "user": obj.user.username,
                    "role": obj.role,
                    "unit": obj.unit.code,
                    "valid_from": obj.valid_from,
                    "valid_to": obj.valid_to,
                },
            )
            for obj in removed
        ]
        super().save_formset(request, form, formset, change)
        for unit, row in deleted:
            audit_record(
                actor=request.user,
                action="role.delete",
                object_type="accounts.roleassignment",
                object_id=str(row["id"]),
                object_repr=f"{row['user']} – {row['role']} – {row['unit']}",
                before=row,
                unit=unit,
            )
        for assignment in formset.new_objects + [o for o, _ in formset.changed_objects]:
            audit_record(
                actor=request.user,
                action="role.grant",
                obj=assignment,
                after={
                    "user": assignment.user.username,
                    "role": assignment.role,
                    "unit": assignment.unit.code,
                    "valid_to": assignment.valid_to,
                },
            )
