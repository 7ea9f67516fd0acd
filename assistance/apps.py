from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("Assistant service")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.navigation import NavItem, Panel, register_nav, register_panels
        from core.roles import Role

        register_nav(
            NavItem(
                label=_("Municipalities"),
                url_name="assistance:municipality_list",
                roles=frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.FINANCE, Role.MINISTRY}),
                order=50,
            )
        )
        register_panels(
            Panel(Role.CASEWORKER, "assistance/panels/caseworker.html", order=10),
            Panel(Role.SUPERVISOR, "assistance/panels/supervisor.html", order=20),
        )
