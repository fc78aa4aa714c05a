"""View-only admin: every change goes through the services (role checks, audit events)."""

from django.contrib import admin

from .models import Proposal, Review


class ViewOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ViewOnly):
    list_display = ("division", "movement", "phase", "held_on", "status")
    list_filter = ("status", "year")


@admin.register(Proposal)
class ProposalAdmin(ViewOnly):
    list_display = ("id", "division", "kind", "year", "status", "accepted_on")
    list_filter = ("status", "kind", "year")
