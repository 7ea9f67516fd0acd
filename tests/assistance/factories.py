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
