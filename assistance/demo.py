"""A small demo caseload for `make run` (issue 4 grows it), made through the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from assistance import rules, services
from assistance.models import Person
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
