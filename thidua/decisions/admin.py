"""View-only admin: every change goes through the services (role checks, number register,
audit events)."""

from django.contrib import admin

from .models import Award, Decision, RegisteredNumber


class ViewOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegisteredNumber)
class RegisteredNumberAdmin(ViewOnly):
    list_display = ("code", "year", "issuer", "series", "issued_on", "summary")
    list_filter = ("year", "doc_type")
    search_fields = ("summary",)


@admin.register(Decision)
class DecisionAdmin(ViewOnly):
    list_display = ("summary", "agency", "year", "status", "number", "signed_on")
    list_filter = ("status", "year")


@admin.register(Award)
class AwardAdmin(ViewOnly):
    list_display = ("person", "unit", "year", "title_code", "decision_code", "decided_on")
    list_filter = ("year", "title_code")
    search_fields = ("decision_code", "person__search_name", "unit__name")
