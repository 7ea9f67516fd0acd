from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def finance_panel(request) -> dict:
    """The finance dashboard: the latest reports of the municipality with their status."""
    from reporting import selectors

    return {"reports": selectors.latest_reports(user=request.user)}


def ministry_panel(request) -> dict:
    """The ministry dashboard: the latest national reports."""
    from reporting import selectors

    return {"reports": selectors.latest_reports(user=request.user, national=True)}


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.navigation import NavItem, Panel, register_nav, register_panels
        from core.roles import Role

        register_nav(
            NavItem(
                _("Financial reports"),
                "reporting:report_list",
                frozenset({Role.FINANCE, Role.MINISTRY}),
                order=50,
                permission="reporting.view_report",
            ),
            NavItem(
                _("Policy simulations"),
                "simulations:simulation_list",
                frozenset({Role.MINISTRY}),
                order=55,
                permission="reporting.view_simulation",
            ),
            NavItem(
                _("National dashboard"),
                "ministry:dashboard",
                frozenset({Role.MINISTRY}),
                order=45,
                permission="reporting.view_report",
            ),
            NavItem(
                _("Rates"),
                "reporting:rate_list",
                frozenset({Role.FINANCE}),
                order=60,
                permission="reporting.view_rate",
            ),
            NavItem(
                _("Violations"),
                "violations:violation_list",
                frozenset({Role.CASEWORKER, Role.SUPERVISOR}),
                order=40,
                permission="reporting.view_violation",
            ),
        )
        register_panels(
            Panel(Role.FINANCE, "reporting/panels/finance.html", order=30, context=finance_panel),
            Panel(Role.MINISTRY, "reporting/panels/ministry.html", order=40, context=ministry_panel),
        )
