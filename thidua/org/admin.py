from django.contrib import admin

from .models import ImportBatch, Membership, Person, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "is_active")
    search_fields = ("code", "name")
    list_filter = ("kind",)

    def has_change_permission(self, request, obj=None):
        return False  # units change through the import and services, which audit


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("staff_code", "full_name", "agency", "is_active")
    search_fields = ("staff_code", "full_name", "search_name")
    exclude = ("citizen_id",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "unit", "position", "start_date", "end_date")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("filename", "kind", "status", "created_by", "created_at")
    exclude = ("rows",)

    def has_change_permission(self, request, obj=None):
        return False
