from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts and timesheets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.navigation import NavItem, Panel, register_nav, register_panels
        from core.roles import Role

        register_nav(
            NavItem(_("My contracts"), "contracts:my_contracts", frozenset({Role.ASSISTANT}), order=10),
            NavItem(
                _("Timesheets"),
                "contracts:review_queue",
                frozenset({Role.CASEWORKER}),
                order=30,
                permission="contracts.change_timesheet",
            ),
        )
        register_panels(Panel(Role.ASSISTANT, "contracts/panels/assistant.html", order=10))
