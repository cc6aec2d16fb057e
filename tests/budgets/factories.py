import datetime
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from budgets.models import Budget, BudgetElement, BudgetMembership, Council, ProvisionItem

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        obj.save()
        EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("name",)

    name = "Camden Council"


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    council = factory.SubFactory(CouncilFactory)
    holder_name = factory.Sequence(lambda n: f"Child {n}")
    holder_date_of_birth = datetime.date(2012, 5, 1)
    starts_on = datetime.date(2025, 4, 1)
    ends_on = datetime.date(2026, 3, 31)


def make_budget(*, council=None, social_care="5200.00", education="2600.00", items=True, **kwargs):
    budget = BudgetFactory(**({"council": council} if council else {}), **kwargs)
    BudgetElement.objects.create(budget=budget, element="social_care", allocated_amount=Decimal(social_care))
    BudgetElement.objects.create(budget=budget, element="education", allocated_amount=Decimal(education))
    if items:
        ProvisionItem.objects.create(
            budget=budget,
            name="Personal assistant",
            element="social_care",
            outcome="Take part in activities in the community",
            annual_amount=Decimal(social_care),
        )
        ProvisionItem.objects.create(
            budget=budget, name="Speech and language tuition", element="education", annual_amount=Decimal(education)
        )
    return budget


def member(budget, user=None, role=BudgetMembership.Role.PARENT_CARER):
    user = user or UserFactory()
    BudgetMembership.objects.create(budget=budget, user=user, role=role)
    return user


def date_fields(name: str, day: str) -> dict:
    """A GOV.UK date input's three boxes as posted: date_fields("spent_on", "2025-06-02")
    gives {"spent_on-day": "2", "spent_on-month": "6", "spent_on-year": "2025"}."""
    year, month, number = (str(int(part)) for part in day.split("-"))
    return {f"{name}-day": number, f"{name}-month": month, f"{name}-year": year}
