from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts and timesheets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.navigation import Panel, register_panels
        from core.roles import Role

        register_panels(Panel(Role.ASSISTANT, "contracts/panels/assistant.html", order=10))
