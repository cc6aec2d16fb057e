"""Demo personal budgets for `make demo` (`manage.py load_demo` runs `load`; so does `load_demo_budgets`).

Idempotent. Two families, each with its own budget, and a budget officer. The family accounts use the
usernames the directory's demo loader gives them, so the order the loaders run in does not matter.
"""

import datetime
import random
import sys
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from budgets import services
from budgets.dates import add_months
from budgets.models import (
    Budget,
    BudgetElement,
    BudgetMembership,
    Council,
    LedgerEntry,
    ProvisionItem,
    RecurringPayment,
    SpendingRule,
)
from budgets.requests import demo as demo_requests
from budgets.returns import demo as demo_returns

D = Decimal


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    note: str = ""


# (role, username, email, password, note): the two families match the directory demo's accounts.
PARENT = ("Parent", "parent", "parent@camden-demo.example", "demo-parent-2025", "budget for Maya, aged 11")
YOUNG_PERSON = (
    "Young person",
    "young.person",
    "young.person@camden-demo.example",
    "demo-young-2025",
    "holds their own budget",
)
OFFICER = (
    "Budget officer",
    "budget.officer",
    "budget.officer@camden-demo.example",
    "demo-officer-2025",
    "sets up two-step verification at first sign-in; budgets in /admin/ and /budgets/",
)


def receipt_pdf(text: str) -> bytes:
    """A small, valid one-page PDF naming the payment."""
    text = text.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _user(role, username, email, password, note, group=None):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:  # the directory's demo loader has not run yet; it will reset the same account
        user = User.objects.create_user(username=username, email=email, password=password)
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if group is not None:
        user.groups.add(group)
    return user, DemoAccount(role, user.email, password, note)


def _officer_group():
    group, _ = Group.objects.get_or_create(name="Budget officers")
    codenames = [
        "access_admin",
        "add_budget",
        "change_budget",
        "view_budget",
        "add_spendingrule",
        "change_spendingrule",
        "view_spendingrule",
        "view_council",
        "view_budgetrequest",
        "change_budgetrequest",
        "view_adulthoodprompt",
        "change_adulthoodprompt",
    ]
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    return group


def _rules(council):
    rules = [
        (
            "Household member as personal assistant",
            SpendingRule.Kind.HOUSEHOLD_MEMBER_AS_PA,
            {},
            "A direct payment cannot usually pay someone who lives with you to be a personal assistant. "
            "If the council agreed this, say so in your next monitoring return.",
        ),
        (
            "School place from the education element",
            SpendingRule.Kind.CATEGORY_FROM_ELEMENT,
            {"element": "education", "category": "school_place"},
            "School and college places are paid by the council directly, not from an education direct payment.",
        ),
        (
            "Single payment over £2,000",
            SpendingRule.Kind.SINGLE_PAYMENT_OVER,
            {"amount": D("2000.00")},
            "Payments over £2,000 need agreeing with your budget officer first.",
        ),
    ]
    for name, kind, extra, reason in rules:
        SpendingRule.objects.get_or_create(
            council=council, name=name, defaults={"kind": kind, "reason": reason, **extra}
        )


def _budget(council, holder_name, **fields):
    elements = fields.pop("elements")
    items = fields.pop("items")
    budget, created = Budget.objects.get_or_create(council=council, holder_name=holder_name, defaults=fields)
    if created:
        for element, amount in elements.items():
            BudgetElement.objects.create(budget=budget, element=element, allocated_amount=D(amount))
        for name, element, amount, outcome in items:
            ProvisionItem.objects.create(
                budget=budget, name=name, element=element, annual_amount=D(amount), outcome=outcome
            )
    return budget, created


def _spend(budget, actor, rng, day, amount, payee, element, category, item=None, note="", receipt_rate=0.85):
    files = []
    if rng.random() < receipt_rate:
        name = f"{payee.lower().replace(' ', '-')}-{day.isoformat()}.pdf"
        files = [(ContentFile(receipt_pdf(f"{payee}: GBP {amount} on {day:%d %B %Y}"), name=name), "application/pdf")]
    return services.record_entry(
        budget=budget,
        actor=actor,
        spent_on=day,
        amount=D(amount),
        payee=payee,
        element=element,
        category=category,
        provision_item=item,
        note=note,
        evidence_files=files,
    )


def _history(budget, actor, today, rng, monthly):
    """Monthly spending from the start of the budget to today (skipping days in the future)."""
    items = {item.name: item for item in budget.provision_items.all()}
    day = budget.starts_on
    while day <= min(today, budget.ends_on):
        for offset, amount, payee, element, category, item in monthly:
            spent_on = day + datetime.timedelta(days=offset)
            if spent_on <= today and spent_on <= budget.ends_on:
                jitter = D(rng.choice(["0.00", "0.00", "4.50", "-3.00", "8.25"]))
                _spend(budget, actor, rng, spent_on, D(amount) + jitter, payee, element, category, items.get(item))
        day = services.next_date(day, "monthly")


def load(*, stdout=None, stderr=None, family_accounts=False) -> list[DemoAccount]:
    """Returns the officer's account (the directory's loader already prints the families' logins),
    or all three with `family_accounts=True`."""
    stderr = stderr or sys.stderr
    today = timezone.localdate()
    rng = random.Random(2025)
    with transaction.atomic():
        council, _ = Council.objects.get_or_create(name="Camden Council", defaults={"surplus_threshold_weeks": 8})
        _rules(council)
        officer, officer_account = _user(*OFFICER, group=_officer_group())
        council.officers.add(officer)
        parent, parent_account = _user(*PARENT)
        young, young_account = _user(*YOUNG_PERSON)

        # Family one: a parent manages Maya's budget, ten months of history with two to go. Today always
        # falls in the budget's eleventh month, so three quarters have ended and the latest is at most
        # 61 days old: its return can be due and not yet overdue whatever the date.
        start = add_months(today.replace(day=1), -10)
        maya, created = _budget(
            council,
            "Maya Ahmed",
            holder_date_of_birth=today.replace(year=today.year - 11) - datetime.timedelta(days=40),
            reference="EHCP-0412",
            starts_on=start,
            ends_on=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
            holding_arrangement=Budget.HoldingArrangement.DIRECT_PAYMENT,
            payment_frequency="four_weekly",
            household_members="Amira Ahmed\nTom Ahmed",
            elements={"social_care": "9360.00", "education": "2400.00", "health": "1200.00"},
            items=[
                ("Personal assistant, 6 hours a week", "social_care", "7800.00", "Take part in clubs with friends"),
                ("Short breaks", "social_care", "1560.00", "Spend time away from home with support"),
                ("Speech and language sessions", "education", "2400.00", "Be understood by people she meets"),
                ("Sensory equipment", "health", "1200.00", "Sleep through the night"),
            ],
        )
        BudgetMembership.objects.get_or_create(budget=maya, user=parent, defaults={"role": "parent_carer"})
        if created:
            services.generate_scheduled_payments(maya, up_to=today)
            pa = RecurringPayment.objects.create(
                budget=maya,
                payee="Jo Okafor (PA)",
                amount=D("150.00"),
                element="social_care",
                provision_item=maya.provision_items.get(name__startswith="Personal assistant"),
                category="personal_assistant",
                frequency="weekly",
                starts_on=maya.starts_on + datetime.timedelta(days=3),
                next_due_on=maya.starts_on + datetime.timedelta(days=3),
                created_by=parent,
            )
            services.run_recurring_payment(pa, today)
            _history(
                maya,
                parent,
                today,
                rng,
                [
                    (9, "60.00", "Chatterbox Speech Therapy", "education", "therapy", "Speech and language sessions"),
                    (20, "120.00", "Chatterbox Speech Therapy", "education", "therapy", "Speech and language sessions"),
                    (14, "85.00", "Camden Short Breaks", "social_care", "respite", "Short breaks"),
                    (25, "12.50", "Payroll Bureau", "social_care", "fees", None),
                ],
            )
            for entry in LedgerEntry.objects.filter(budget=maya, recurring_payment__isnull=False):
                if rng.random() < 0.8:
                    services.add_evidence(
                        entry=entry,
                        actor=parent,
                        upload=ContentFile(receipt_pdf(f"Timesheet {entry.spent_on}"), name="timesheet.pdf"),
                        content_type="application/pdf",
                    )
            for day, amount, payee, element, category in [
                (60, "340.00", "Sensory Direct", "health", "equipment"),
                (130, "150.00", "Tom Ahmed", "social_care", "personal_assistant"),  # flagged: household member
                (200, "2450.00", "St Aidan's School", "education", "school_place"),  # flagged twice
            ]:
                spent_on = maya.starts_on + datetime.timedelta(days=day)
                if spent_on <= today:
                    _spend(maya, parent, rng, spent_on, amount, payee, element, category)

        # Monitoring returns on Maya's budget: one approved, one queried, one due.
        demo_returns.load(maya, officer=officer, family=parent, today=today)

        # Family two: a young person (17) holds their own budget and manages it.
        start_two = (today.replace(day=1) - datetime.timedelta(days=150)).replace(day=1)
        own, created = _budget(
            council,
            "Riley Chen",
            holder=young,
            holder_date_of_birth=today.replace(year=today.year - 17) - datetime.timedelta(days=100),
            reference="EHCP-0977",
            starts_on=start_two,
            ends_on=start_two.replace(year=start_two.year + 1) - datetime.timedelta(days=1),
            holding_arrangement=Budget.HoldingArrangement.DIRECT_PAYMENT,
            payment_frequency="monthly",
            elements={"social_care": "3600.00", "education": "1800.00"},
            items=[
                ("Travel training and bus pass", "social_care", "900.00", "Travel to college on my own"),
                ("Gym and climbing club", "social_care", "2700.00", "Keep fit and make friends"),
                ("Maths tutoring", "education", "1800.00", "Pass GCSE maths"),
            ],
        )
        BudgetMembership.objects.get_or_create(budget=own, user=young, defaults={"role": "young_person"})
        if created:
            services.generate_scheduled_payments(own, up_to=today)
            _history(
                own,
                young,
                today,
                rng,
                [
                    (2, "75.00", "Oyster top-up", "social_care", "transport", "Travel training and bus pass"),
                    (5, "42.00", "The Castle Climbing Centre", "social_care", "activities", "Gym and climbing club"),
                    (16, "140.00", "Maths Tutors Ltd", "education", "tuition", "Maths tutoring"),
                ],
            )
    # Monitoring returns on Maya's budget: one approved, one queried, one due.
    demo_returns.load(maya, officer=officer, family=parent, today=today)
    # Requests for a personal budget in every status, and a young person turning 18 soon.
    demo_requests.load(council=council, officer=officer, parent=parent, today=today)
    accounts = [parent_account, young_account, officer_account] if family_accounts else [officer_account]
    if stdout is not None:
        count = LedgerEntry.objects.filter(budget__in=[maya, own]).count()
        stdout.write(f"Demo personal budgets loaded: 2 budgets, {count} ledger entries.\n")
    return accounts
