from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contracts.models import Assistant, Contract, Provider, Timesheet


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ("name", "registration_number", "email", "phone")
    search_fields = ("name", "registration_number")


@admin.register(Assistant)
class AssistantAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "tax_status", "provider")
    list_filter = ("tax_status",)
    search_fields = ("last_name", "first_name", "personal_code")
    raw_id_fields = ("user", "provider")
    exclude = ("invitation_hash",)


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ("number", "municipality", "assistant", "start", "end", "monthly_hours")
    list_filter = ("municipality",)
    search_fields = ("number",)
    raw_id_fields = ("allocation", "assistant", "created_by", "municipality")


@admin.register(Timesheet)
class TimesheetAdmin(SimpleHistoryAdmin):
    list_display = ("contract", "month", "revision", "status", "worked_minutes", "payable_minutes")
    list_filter = ("status", "municipality")
    raw_id_fields = ("contract", "municipality", "accepted_by")
