from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import Assessment, Questionnaire, QuestionnaireItem, ScaleLevel


class ItemInline(admin.TabularInline):
    model = QuestionnaireItem
    extra = 0


class ScaleInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(SimpleHistoryAdmin):
    list_display = ("version", "title_lv", "valid_from", "is_active")
    inlines = [ItemInline, ScaleInline]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("assessed_on", "municipality", "total", "result", "rule_set_code", "rule_set_version")
    list_filter = ("result", "municipality")
    raw_id_fields = ("municipality", "questionnaire", "assessed_by")
