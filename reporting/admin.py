"""Reports and rates in the Django admin, read-only: rates change only through the rates page (which refuses
rates a finalised report used, R-F1) and reports only through their services (R-F4, R-F5)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reporting.models import Rate, Report


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Rate)
class RateAdmin(ReadOnlyAdmin):
    list_display = ("valid_from", "gross_hourly", "employer_percent", "admin_he_percent", "admin_gen_percent")
    search_fields = ("note",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("month", "municipality", "status", "generation", "built_generation", "finalised_at")
    list_filter = ("status", "municipality")
    list_select_related = ("municipality",)
    date_hierarchy = "month"
