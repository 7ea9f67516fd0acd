"""A small demo caseload for `make run` (issue 4 grows it), made through the same services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assistance import rules, services
from assistance.models import Allocation, Person
from core.models import User

# first, last, birth date, serial, disability (group, limitations, allowance) or "child", days ago, purposes,
# answers (None: not assessed), submit
CASES = [
    ("Kārlis", "Kalējs", dt.date(1978, 4, 12), 101, ("I", {"mobility"}, False), 6,
     [("WORK", "SIA Rīgas Ūdens, darba līgums Nr. 14/2024")], None, True),
    ("Inese", "Avotiņa", dt.date(1990, 9, 3), 102, ("I", {"vision"}, True), 12,
     [("HIGHER_EDUCATION", "Latvijas Universitāte, izziņa Nr. 7-12")], "332223232223", True),
    ("Roberts", "Sniķeris", dt.date(1965, 2, 20), 103, ("III", {"mobility"}, False), 9, [], None, True),
    ("Elza", "Vanaga", dt.date(2015, 6, 1), 204, "child", 4, [], None, True),
    ("Gatis", "Priede", dt.date(1985, 12, 30), 105, ("II", {"mental"}, False), 45,
     [("DAY_CENTRE", "Dienas centrs “Saule”, līgums Nr. 3")], None, False),
    ("Daina", "Lapiņa", dt.date(1958, 7, 7), 106, ("II", {"mobility", "vision"}, False), 20,
     [("MEDICAL", "Hemodialīze 3 reizes nedēļā, ārsta nosūtījums")], "111111111111", True),
]  # fmt: skip
LIEPAJA_CASES = [
    ("Oskars", "Jūrmalnieks", dt.date(1982, 3, 15), 301, ("I", {"mobility"}, False), 3,
     [("WORK", "SIA Liepājas osta")], None, True),
]  # fmt: skip


def _code(born: dt.date, serial: int) -> str:
    first_ten = f"{born:%d%m%y}{1 if born.year < 2000 else 2}{serial:03d}"
    return first_ten + rules.check_digit(first_ten)


def seed_caseload(caseworker: User, cases=CASES) -> int:
    """Create the demo persons of the caseworker's municipality that do not exist yet; return how many."""
    municipality = caseworker.staff_profile.municipality
    today = timezone.localdate()
    created = 0
    for first, last, born, serial, disability, days_ago, purposes, answers, submit in cases:
        code = _code(born, serial)
        if Person.objects.filter(municipality=municipality, personal_code=code).exists():
            continue
        person = services.person_create(
            municipality=municipality,
            personal_code=code,
            first_name=first,
            last_name=last,
            by=caseworker,
            phone="+371 2" + f"{serial:07d}",
            address=f"{municipality.name}, Demo iela {serial}",
        )
        if disability == "child":
            services.special_care_opinion_add(
                person=person,
                by=caseworker,
                valid_from=today - dt.timedelta(days=200),
                decision_reference="Nr. 9",
            )
        else:
            group, limitations, allowance = disability
            services.disability_record_add(
                person=person,
                by=caseworker,
                group=group,
                limitation_vision="vision" in limitations,
                limitation_mobility="mobility" in limitations,
                limitation_mental="mental" in limitations,
                assistant_allowance=allowance,
                valid_from=today - dt.timedelta(days=400),
                valid_until=today + dt.timedelta(days=900),
                decision_reference="VDEĀVK lēmums",
            )
        received = today - dt.timedelta(days=days_ago)
        purpose_inputs = []
        for code_, evidence in purposes:
            study = (today.replace(month=9, day=1) if today.month >= 9 else today.replace(year=today.year - 1,
                     month=9, day=1))  # fmt: skip
            education = code_ in rules.EDUCATION_PURPOSES
            purpose_inputs.append(
                services.PurposeInput(
                    code_,
                    evidence,
                    study if education else None,
                    study.replace(year=study.year + 1, month=6, day=30) if education else None,
                )
            )
        application = services.application_create(
            person=person, by=caseworker, received_date=received, purposes=purpose_inputs
        )
        if submit:
            application = services.application_submit(application=application, by=caseworker)
        if answers and application.track == "adult":
            services.application_record_assessment(
                application=application,
                answers={f"Q{i:02d}": int(v) for i, v in enumerate(answers, start=1)},
                by=caseworker,
            )
        created += 1
    return created


MEN = ["Andris", "Edgars", "Ivars", "Kristaps", "Māris", "Oļegs", "Sandis", "Tālis", "Zigmārs", "Ēriks"]
WOMEN = ["Baiba", "Dace", "Gunta", "Jolanta", "Laila", "Nora", "Rasma", "Una", "Valda", "Ārija"]
# (male, female) surnames
LAST = [("Ozols", "Ozola"), ("Kalns", "Kalna"), ("Liepa", "Liepa"), ("Bērziņš", "Bērziņa"),
        ("Zariņš", "Zariņa"), ("Krūmiņš", "Krūmiņa"), ("Vītols", "Vītola"), ("Jansons", "Jansone"),
        ("Siliņš", "Siliņa"), ("Eglītis", "Eglīte")]  # fmt: skip
STATES = ["draft", "submitted", "assessed", "proposed", "returned", "approved", "refused", "no_need"]


def seed_decisions(caseworker: User, supervisor: User | None, *, count: int, offset: int) -> int:
    """`count` more persons in every state of the decision flow (R-D1), idempotent by personal code."""
    municipality = caseworker.staff_profile.municipality
    today = timezone.localdate()
    created = 0
    for index in range(count):
        serial = 500 + offset + index
        state = STATES[index % len(STATES)]
        if state == "approved" and supervisor is None:
            state = "proposed"
        born = dt.date(1950 + (index * 7) % 50, 1 + index % 12, 1 + (index * 3) % 28)
        code = _code(born, serial)
        if Person.objects.filter(municipality=municipality, personal_code=code).exists():
            continue
        woman = index % 2 == 1
        first = (WOMEN if woman else MEN)[(offset + index) // 2 % 10]
        last = LAST[(offset + index * 3) % len(LAST)][1 if woman else 0]
        person = services.person_create(
            municipality=municipality, personal_code=code, first_name=first, last_name=last, by=caseworker
        )
        group = "III" if state == "refused" else ("I" if index % 3 else "II")
        services.disability_record_add(
            person=person,
            by=caseworker,
            group=group,
            limitation_mobility=index % 2 == 0,
            limitation_vision=index % 2 == 1,
            assistant_allowance=index % 5 == 1,
            valid_from=today - dt.timedelta(days=300 + index),
            valid_until=None if index % 4 else today + dt.timedelta(days=20 + index * 40),
        )
        purposes = [services.PurposeInput("WORK", f"SIA Darbavieta {serial}")] if index % 3 == 0 else []
        received = today - dt.timedelta(days=5 + (index * 4) % 50)
        application = services.application_create(
            person=person, by=caseworker, received_date=received, purposes=purposes
        )
        created += 1
        if state == "draft":
            continue
        application = services.application_submit(application=application, by=caseworker)
        if state in ("submitted", "refused") or application.track != "adult":
            continue
        answers = "000100100010" if state == "no_need" else ("222222222222" if index % 2 else "111111211111")
        application = services.application_record_assessment(
            application=application,
            answers={f"Q{i:02d}": int(v) for i, v in enumerate(answers, start=1)},
            by=caseworker,
        )
        if state in ("assessed", "no_need"):
            continue
        start = today.replace(day=1)
        services.proposal_grant(application=application, start=start, by=caseworker)
        if state == "returned" and supervisor is not None:
            services.proposal_return(
                application=application, comment="Lūdzu pārbaudīt darba līguma termiņu.", by=supervisor
            )
        elif state == "approved":
            services.proposal_approve(application=application, by=supervisor)
    return created


def seed_assistant(caseworker: User, assistant_user: User) -> int:
    """Give demo-assistant a contract on an approved Rīga grant and a draft timesheet of this month."""
    from contracts import services as contract_services
    from contracts import timesheet_services
    from contracts.models import Assistant, Contract
    from contracts.rules import Entry

    if Contract.objects.filter(assistant__user=assistant_user).exists():
        return 0
    allocation = (
        Allocation.objects.filter(municipality=caseworker.staff_profile.municipality, status="approved")
        .order_by("pk")
        .first()
    )
    if allocation is None:
        return 0
    assistant = contract_services.assistant_create_or_update(
        personal_code=_code(dt.date(1992, 4, 14), 901),
        first_name=assistant_user.first_name,
        last_name=assistant_user.last_name,
        tax_status="employee",
        email=assistant_user.email,
        by=caseworker,
    )
    Assistant.objects.filter(pk=assistant.pk).update(user=assistant_user)
    largest = max(allocation.months.values_list("total", flat=True))
    contract = contract_services.contract_create(
        allocation=allocation,
        assistant=assistant,
        number=f"RIG-DEMO-{allocation.pk}",
        start=allocation.start,
        end=allocation.end,
        monthly_hours=min(20, largest),
        by=caseworker,
    )
    today = timezone.localdate()
    month = today.replace(day=1)
    days = [month + dt.timedelta(days=n) for n in range(0, min(today.day - 1, 6), 2)]
    entries = [
        Entry(row=i, day=d, start=dt.time(10), end=dt.time(11, 30), purpose="DAILY")
        for i, d in enumerate(days, 1)
    ]
    if entries and contract.start <= month:
        timesheet_services.timesheet_save(contract=contract, month=month, entries=entries, by=assistant_user)
    return 1


FINANCE_CASES = [
    # first, last, birth date, serial, purposes, assistant (first, last, serial, tax status)
    ("Valdis", "Zariņš", dt.date(1971, 5, 9), 801, [("WORK", "SIA Latvijas Maiznieks")],
     ("Ruta", "Eglīte", 811, "employee")),
    ("Laura", "Bērziņa", dt.date(1999, 1, 21), 802, [("HIGHER_EDUCATION", "Rīgas Tehniskā universitāte")],
     ("Edgars", "Liepa", 812, "self_employed")),
    ("Aivars", "Krasts", dt.date(1960, 11, 2), 803, [("MEDICAL", "Hemodialīze, ārsta nosūtījums")],
     ("Sandra", "Riekstiņa", 813, "employee")),
    ("Zane", "Upīte", dt.date(1988, 8, 17), 804, [("DAY_CENTRE", "Dienas centrs “Cerība”")],
     ("Toms", "Kļaviņš", 814, "self_employed")),
]  # fmt: skip


def seed_accepted_sheets(caseworker: User, supervisor: User, *, months: int = 2) -> int:
    """Grants that started three months ago, a contract each, and accepted timesheets of the previous
    `months` months, so that demo-finance has real figures to report (issue 6). Idempotent."""
    from contracts import services as contract_services
    from contracts import timesheet_services
    from contracts.models import Contract
    from contracts.rules import Entry

    municipality = caseworker.staff_profile.municipality
    today = timezone.localdate()
    this_month = today.replace(day=1)
    first = this_month
    for _ in range(3):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    sheets = 0
    for first_name, last_name, born, serial, purposes, (a_first, a_last, a_serial, tax) in FINANCE_CASES:
        number = f"RIG-FIN-{serial}"
        if Contract.objects.filter(number=number).exists():
            continue
        person = services.person_create(
            municipality=municipality, personal_code=_code(born, serial), first_name=first_name,
            last_name=last_name, by=caseworker,
        )  # fmt: skip
        services.disability_record_add(
            person=person, by=caseworker, group="I", limitation_mobility=True, limitation_vision=False,
            assistant_allowance=False, valid_from=first - dt.timedelta(days=400), valid_until=None,
        )  # fmt: skip
        application = services.application_create(
            person=person, by=caseworker, received_date=first - dt.timedelta(days=10),
            purposes=[
                services.PurposeInput(
                    code, evidence, study_start=first, study_end=first.replace(year=first.year + 1)
                )
                if "EDUCATION" in code
                else services.PurposeInput(code, evidence)
                for code, evidence in purposes
            ],
        )  # fmt: skip
        application = services.application_submit(application=application, by=caseworker)
        application = services.application_record_assessment(
            application=application, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
        )
        allocation = services.proposal_grant(application=application, start=first, by=caseworker)
        services.proposal_approve(application=application, by=supervisor)
        allocation.refresh_from_db()
        assistant = contract_services.assistant_create_or_update(
            personal_code=_code(dt.date(1980, 3, 3), a_serial), first_name=a_first, last_name=a_last,
            tax_status=tax, by=caseworker,
        )  # fmt: skip
        contract = contract_services.contract_create(
            allocation=allocation, assistant=assistant, number=number, start=allocation.start,
            end=allocation.end, monthly_hours=30, tax_status=tax, by=caseworker,
        )  # fmt: skip
        purpose = purposes[0][0]
        month = this_month
        for _ in range(months):
            month = (month - dt.timedelta(days=1)).replace(day=1)
            weekdays = [
                month + dt.timedelta(days=n)
                for n in range(28)
                if (month + dt.timedelta(days=n)).weekday() < 4
            ]
            entries = [
                Entry(
                    row=row, day=day, start=dt.time(9), end=dt.time(11, 30 if row % 2 else 0),
                    purpose=purpose if row % 3 else "DAILY",
                    transport=Decimal("2.40") if row % 4 == 0 else Decimal(0),
                )
                for row, day in enumerate(weekdays[:8], start=1)
            ]  # fmt: skip
            try:
                sheet = timesheet_services.timesheet_save(
                    contract=contract, month=month, entries=entries, by=caseworker
                )
                sheet = timesheet_services.timesheet_submit(
                    sheet=sheet, by=caseworker, recipient_confirmed=True
                )
                timesheet_services.timesheet_accept(sheet=sheet, by=caseworker)
            except (timesheet_services.TimesheetRejected, timesheet_services.TimesheetStateError):
                continue
            sheets += 1
    return sheets
