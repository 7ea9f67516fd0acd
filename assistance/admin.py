from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assistance.models import Municipality, StaffProfile


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "valid_from", "valid_to", "merged_into")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ("user", "municipality", "position")
    list_filter = ("municipality",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("municipality",)
    raw_id_fields = ("user",)
