import factory

from assistance.models import Municipality
from core.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery-staple")


def municipality(name: str) -> Municipality:
    """Municipalities are reference data loaded by migrations; tests look them up, never create them."""
    return Municipality.objects.get(name=name)


# ------------------------------------------------------------------------------------------- intake
import datetime as dt  # noqa: E402

from assistance import services  # noqa: E402

WEIGHTS = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def personal_code(born: dt.date, serial: int = 123) -> str:
    """An old-format code for `born`; its R-P1 check digit is computed here, not by the code under test."""
    century = {18: "0", 19: "1", 20: "2"}[born.year // 100]
    first_ten = f"{born:%d%m%y}{century}{serial:03d}"
    check = (1101 - sum(w * int(d) for w, d in zip(WEIGHTS, first_ten, strict=True))) % 11 % 10
    return first_ten + str(check)


def new_format_code(serial: int = 8673006) -> str:
    first_ten = f"32{serial:08d}"
    check = (1101 - sum(w * int(d) for w, d in zip(WEIGHTS, first_ten, strict=True))) % 11 % 10
    return first_ten + str(check)


def make_person(
    by, *, born=dt.date(1980, 5, 17), serial=123, first_name="Anna", last_name="Bērziņa", **details
):
    municipality_obj = details.pop("municipality", None) or by.staff_profile.municipality
    return services.person_create(
        municipality=municipality_obj,
        personal_code=personal_code(born, serial),
        first_name=first_name,
        last_name=last_name,
        by=by,
        **details,
    )


def make_eligible_adult(by, *, born=dt.date(1980, 5, 17), serial=123, group="I", **details):
    person = make_person(by, born=born, serial=serial, **details)
    services.disability_record_add(
        person=person,
        by=by,
        group=group,
        limitation_mobility=True,
        valid_from=dt.date(2020, 1, 1),
        valid_until=None,
    )
    return person


def make_application(by, person, *, received=None, purposes=(), submit=False):
    application = services.application_create(
        person=person,
        by=by,
        received_date=received or dt.date.today() - dt.timedelta(days=5),
        purposes=list(purposes),
    )
    if submit:
        application = services.application_submit(application=application, by=by)
    return application
