from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from thidua.core.audit import audit_record

from .models import RoleAssignment, User


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
        ("Trạng thái", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    autocomplete_fields = ("person",)
    inlines = [RoleAssignmentInline]

    def save_model(self, request, obj, form, change):
        if not change:
            # An account created here starts with an initial password to be changed.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="user.change" if change else "user.create",
            obj=obj,
            after={f: form.cleaned_data.get(f) for f in form.changed_data if "password" not in f},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
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
