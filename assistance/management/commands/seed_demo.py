"""Demo users of SPEC §6, one per role in Rīga plus a caseworker in Liepāja. Only with DEBUG on."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assistance import selectors, services
from core.models import User
from core.roles import Role

DEMO_PASSWORD = "demo"  # noqa: S105 - SPEC §6: demo accounts exist only when DEBUG is on

DEMO_USERS = [
    # username, first name, last name, role, municipality, position
    ("demo-caseworker", "Anna", "Bērziņa", Role.CASEWORKER, "Rīga", "Sociālā darbiniece"),
    ("demo-supervisor", "Jānis", "Kalniņš", Role.SUPERVISOR, "Rīga", "Nodaļas vadītājs"),
    ("demo-assistant", "Līga", "Ozoliņa", Role.ASSISTANT, None, ""),
    ("demo-finance", "Pēteris", "Liepiņš", Role.FINANCE, "Rīga", "Finanšu speciālists"),
    ("demo-ministry", "Ilze", "Krūmiņa", Role.MINISTRY, None, "Labklājības ministrija"),
    (
        "demo-caseworker-liepaja",
        "Marta",
        "Vītola",
        Role.CASEWORKER,
        "Liepāja",
        "Sociālā darbiniece",
    ),
]


class Command(BaseCommand):
    help = "Create the demo users (password 'demo'); refuses to run unless DEBUG is on."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a known password; it runs only with DEBUG=true."
            )
        with transaction.atomic():
            for username, first, last, role, municipality_name, position in DEMO_USERS:
                municipality = (
                    selectors.municipality_by_name(municipality_name) if municipality_name else None
                )
                if municipality_name and municipality is None:
                    raise CommandError(f"municipality {municipality_name!r} is missing; run migrate first")
                user, created = User.objects.get_or_create(username=username)
                user.first_name, user.last_name = first, last
                user.email = f"{username}@example.lv"
                user.is_active = True
                user.set_password(DEMO_PASSWORD)
                user.save()
                profile = services.staff_member_set(
                    user=user, roles={role}, municipality=municipality, by=None, reason="seed_demo"
                )
                if profile.position != position:
                    profile.position = position
                    profile.save_with_reason(by=None, reason="seed_demo")
                verb = "created" if created else "updated"
                where = municipality.name if municipality else ("national" if role == Role.MINISTRY else "–")
                self.stdout.write(f"  {verb:7} {username:26} {role.value:11} {where}")
            from assistance import demo

            riga = demo.seed_caseload(User.objects.get(username="demo-caseworker"))
            liepaja = demo.seed_caseload(
                User.objects.get(username="demo-caseworker-liepaja"), cases=demo.LIEPAJA_CASES
            )
            riga += demo.seed_decisions(
                User.objects.get(username="demo-caseworker"),
                User.objects.get(username="demo-supervisor"),
                count=32,
                offset=0,
            )
            liepaja += demo.seed_decisions(
                User.objects.get(username="demo-caseworker-liepaja"), None, count=16, offset=40
            )
            self.stdout.write(f"  demo caseload: {riga} new in Rīga, {liepaja} new in Liepāja")
            demo.seed_assistant(
                User.objects.get(username="demo-caseworker"), User.objects.get(username="demo-assistant")
            )
            sheets = demo.seed_accepted_sheets(
                User.objects.get(username="demo-caseworker"), User.objects.get(username="demo-supervisor")
            )
            self.stdout.write(f"  demo timesheets: {sheets} accepted in Rīga for the financial reports")
        self.stdout.write(self.style.SUCCESS(f"Demo users ready; password: {DEMO_PASSWORD}"))
