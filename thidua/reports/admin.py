"""Reports in the admin, read only: the narrative is written and the report issued through the
services (audited, numbered), never edited here."""

from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("movement", "kind", "number", "issued_on", "updated_at")
    list_filter = ("kind", "movement__year")
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
