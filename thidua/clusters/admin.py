"""View-only admin: every change goes through the services (role checks, state, audit events)."""

from django.contrib import admin

from .models import Cluster, ClusterYear, Result


class ViewOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cluster)
class ClusterAdmin(ViewOnly):
    list_display = ("code", "name", "kind", "province")
    search_fields = ("code", "name")


@admin.register(ClusterYear)
class ClusterYearAdmin(ViewOnly):
    list_display = ("cluster", "year", "status", "leader", "deputy", "final_rule")
    list_filter = ("status", "year")


@admin.register(Result)
class ResultAdmin(ViewOnly):
    list_display = ("cluster_year", "rank", "agency", "total", "penalty", "proposal", "tied")
    list_filter = ("cluster_year__year",)
