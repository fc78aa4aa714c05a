from django.contrib import admin

from .models import Regulation


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    """Read-only in the admin: documents are added and corrected through the library pages,
    which check the scope and write the audit log."""

    list_display = ("number", "title", "kind", "scope", "unit", "regime", "status")
    list_filter = ("scope", "kind", "regime", "status")
    search_fields = ("number", "title", "search_title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
