from django.contrib import admin

from .models import LegalParameter


@admin.register(LegalParameter)
class LegalParameterAdmin(admin.ModelAdmin):
    """Read-only in the admin: rows are added on the legal parameter page, whose service checks
    the role and writes the audit event."""

    list_display = (
        "kind",
        "key",
        "value",
        "effective_from",
        "source",
        "entered_by",
        "withdrawn_at",
    )
    list_filter = ("kind",)
    search_fields = ("key", "source", "note")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
