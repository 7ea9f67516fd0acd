from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from assistance.models import Application, Municipality, Person, RuleSet, StaffProfile


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "valid_from", "valid_to", "merged_into", "transport_limit")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ("user", "municipality", "position")
    list_filter = ("municipality",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("municipality",)
    raw_id_fields = ("user",)


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = [
            "code", "name", "legal_basis", "valid_from", "valid_to", "threshold_need", "threshold_high",
            "coefficient_base", "coefficient_high", "hours_work", "hours_education", "hours_higher_education",
            "hours_volunteering", "hours_day_centre", "hours_medical", "hours_daily", "child_hours",
            "weekly_cap", "weekly_cap_vision", "max_years", "adult_max_age", "purpose_bound",
            "timesheet_deadline_day",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        need, high = data.get("threshold_need"), data.get("threshold_high")
        if need is not None and high is not None and not 0 < need < high <= 36:
            self.add_error("threshold_high", _("The thresholds must satisfy 0 < service < very large ≤ 36."))
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The validity ends before it starts."))
        return data


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    """Editing a rule set already used by an assessment or allocation saves a new version (R-S1)."""

    form = RuleSetForm
    list_display = ("code", "version", "name", "valid_from", "valid_to", "coefficient_high")
    list_filter = ("code",)
    search_fields = ("code", "name")
    readonly_fields = ("version",)

    def save_model(self, request, obj, form, change):
        from assistance import services

        previous_pk = obj.pk
        saved = services.rule_set_save(rule_set=obj, by=request.user)
        if change and saved.pk != previous_pk:
            self.message_user(
                request,
                _("This rule set is in use, so the change was saved as version %(version)d.")
                % {"version": saved.version},
                messages.WARNING,
            )


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
