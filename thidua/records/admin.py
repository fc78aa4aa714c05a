"""Read-only admin views: records change only through the services, which audit."""

from django.contrib import admin

from .models import (
    CollectiveRecord,
    Discipline,
    Leave,
    PersonRating,
    PriorService,
    ResearchTopic,
    Training,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonRating)
class PersonRatingAdmin(ReadOnlyAdmin):
    list_display = ("person", "year", "rating", "recorded_at", "superseded_at", "reason")
    list_filter = ("year", "rating")
    search_fields = ("person__staff_code", "person__full_name")


@admin.register(CollectiveRecord)
class CollectiveRecordAdmin(ReadOnlyAdmin):
    list_display = ("unit", "year", "rating", "emulation_effective", "solidarity", "superseded_at")
    list_filter = ("year",)


@admin.register(Discipline)
class DisciplineAdmin(ReadOnlyAdmin):
    list_display = (
        "person",
        "form",
        "decision_number",
        "decided_on",
        "duty_related",
        "withdrawn_at",
    )
    search_fields = ("person__staff_code", "person__full_name", "decision_number")


@admin.register(Leave)
class LeaveAdmin(ReadOnlyAdmin):
    list_display = ("person", "year", "kind", "start", "end", "withdrawn_at")
    list_filter = ("year", "kind")


@admin.register(Training)
class TrainingAdmin(ReadOnlyAdmin):
    list_display = ("person", "name", "start", "end", "result", "withdrawn_at")


@admin.register(ResearchTopic)
class ResearchTopicAdmin(ReadOnlyAdmin):
    list_display = ("person", "title", "accepted_on", "applied", "withdrawn_at")


@admin.register(PriorService)
class PriorServiceAdmin(ReadOnlyAdmin):
    list_display = ("person", "start", "end", "note", "withdrawn_at")
    search_fields = ("person__staff_code", "person__full_name")
