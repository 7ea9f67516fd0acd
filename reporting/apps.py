from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.navigation import Panel, register_panels
        from core.roles import Role

        register_panels(
            Panel(Role.FINANCE, "reporting/panels/finance.html", order=30),
            Panel(Role.MINISTRY, "reporting/panels/ministry.html", order=40),
        )
