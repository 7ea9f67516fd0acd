from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from assistance.models import Application, Municipality, Person, RuleSet, StaffProfile


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


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    list_display = ("code", "version", "name", "valid_from", "valid_to", "coefficient_high")
    list_filter = ("code",)
    search_fields = ("code", "name")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    """For administrators fixing data; caseworkers use the pages, which log and scope every access."""

    list_display = ("last_name", "first_name", "masked_code", "municipality")

    @admin.display(description=_("Personal code"))
    def masked_code(self, obj):
        return obj.masked_code

    list_filter = ("municipality",)
    search_fields = ("last_name", "first_name", "personal_code")
    raw_id_fields = ("municipality", "additional_municipality")


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("person", "municipality", "received_date", "status", "outcome")
    list_filter = ("status", "municipality")
    raw_id_fields = ("person", "municipality", "assessment", "created_by", "proposed_by")
