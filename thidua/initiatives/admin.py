"""View-only admin: every change goes through the services (role checks, audit events)."""

from django.contrib import admin

from .models import Criterion, Exemplar, Initiative, InitiativeCouncil, Recognition


class ViewOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InitiativeCouncil)
class InitiativeCouncilAdmin(ViewOnly):
    list_display = ("name", "agency", "year", "pass_mark")
    list_filter = ("year",)
    inlines = [CriterionInline]


@admin.register(Initiative)
class InitiativeAdmin(ViewOnly):
    list_display = ("title", "agency", "year", "status", "level")
    list_filter = ("status", "level", "field", "year")
    search_fields = ("search_title",)


@admin.register(Recognition)
class RecognitionAdmin(ViewOnly):
    list_display = ("initiative", "level", "decision_code", "decided_on")


@admin.register(Exemplar)
class ExemplarAdmin(ViewOnly):
    list_display = ("title", "agency", "year", "withdrawn_at")
