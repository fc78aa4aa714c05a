from django.contrib import admin

from .models import AuditEvent
from .selectors import audit_scope

admin.site.site_header = "Thi đua – Khen thưởng: quản trị"
admin.site.site_title = "Quản trị Thi Đua"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services only."""

    list_display = ("seq", "created_at", "actor_repr", "action", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("actor_repr", "object_repr", "object_id")

    def get_queryset(self, request):
        # The same scope as the audit page: an agency's administrator never reads another's.
        return super().get_queryset(request).filter(audit_scope(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
