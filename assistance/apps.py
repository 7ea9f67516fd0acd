from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("Assistant service")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from assistance.views.dashboard import caseworker_grants_panel, caseworker_panel, supervisor_panel
        from core.navigation import NavItem, Panel, register_nav, register_panels
        from core.roles import Role

        staff = frozenset({Role.CASEWORKER, Role.SUPERVISOR})
        register_nav(
            NavItem(
                _("Persons"), "assistance:person_list", staff, order=10, permission="assistance.view_person"
            ),
            NavItem(
                _("Applications"),
                "assistance:application_list",
                staff,
                order=20,
                permission="assistance.view_application",
            ),
            NavItem(
                label=_("Municipalities"),
                url_name="assistance:municipality_list",
                roles=frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.FINANCE, Role.MINISTRY}),
                order=50,
            ),
            NavItem(
                _("Rule sets"),
                "assistance:rule_set_list",
                frozenset({Role.MINISTRY}),
                order=70,
                permission="assistance.view_ruleset",
            ),
        )
        register_panels(
            Panel(Role.CASEWORKER, "assistance/panels/caseworker.html", order=10, context=caseworker_panel),
            Panel(
                Role.CASEWORKER,
                "assistance/panels/grants_ending.html",
                order=11,
                context=caseworker_grants_panel,
            ),
            Panel(Role.SUPERVISOR, "assistance/panels/supervisor.html", order=20, context=supervisor_panel),
        )
