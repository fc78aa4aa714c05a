"""View-only admin: every change goes through the services (role checks, audit events)."""

from django.contrib import admin

from .models import UpwardDossier


@admin.register(UpwardDossier)
class UpwardDossierAdmin(admin.ModelAdmin):
    list_display = ("id", "agency", "year", "status", "province_decision_code")
    list_filter = ("status", "year")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
