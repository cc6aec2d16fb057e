"""Demo personal budget requests for `make demo` (called from budgets/demo.py after the budgets are loaded).

Idempotent. A request in every status, taken through the same service functions the pages use: two from
the demo parent (one received, one declined so the review can be tried), one a young person's own,
agreed, and others from families with no demo login. The set-up request's young person turns 18 in four
months, so the daily prompt has something to show the officer under "Turning 18".
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from budgets.dates import add_months
from budgets.requests import services as requesting
from budgets.requests.models import BudgetRequest

Status = BudgetRequest.Status

# (child, asked by, account username or None for the demo parent, age in months, plan reference,
#  parts, what it would pay for, holding, the status to take it to)
REQUESTS = [
    (
        "Zara Ahmed",
        "parent",
        None,
        8 * 12 + 2,
        "EHCP-0533",
        ["education"],
        "Speech and language therapy after school.",
        "notional",
        Status.RECEIVED,
    ),
    (
        "Yusuf Ahmed",
        "parent",
        None,
        13 * 12 + 7,
        "",
        ["social_care"],
        "A personal assistant so he can go to youth club.",
        "direct_payment",
        Status.DECLINED,
    ),
    (
        "Leo Martins",
        "parent",
        "leo-family",
        14 * 12 + 1,
        "EHCP-0601",
        ["education", "social_care"],
        "Travel training and a laptop for college work.",
        "direct_payment",
        Status.CONSIDERING,
    ),
    (
        "Sophie Clarke",
        "young_person",
        "sophie",
        19 * 12 + 4,
        "EHCP-0288",
        ["social_care", "health"],
        "A personal assistant for two evenings a week and physiotherapy.",
        "third_party",
        Status.AGREED,
    ),
    (
        "Arjun Patel",
        "parent",
        "arjun-family",
        17 * 12 + 8,
        "EHCP-0150",
        ["social_care", "education"],
        "Short breaks and a tutor for maths.",
        "direct_payment",
        Status.SET_UP,
    ),
]
DECLINE_REASON = (
    "Yusuf does not have an EHC plan yet and the assessment has not finished. Ask again once the plan is "
    "agreed; the social care team can help with short breaks in the meantime."
)


def _family(username):
    User = get_user_model()
    user, made = User.objects.get_or_create(username=username, defaults={"email": f"{username}@camden-demo.example"})
    if made:
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def _born(today: datetime.date, months: int) -> datetime.date:
    return add_months(today, -months) - datetime.timedelta(days=3)


@transaction.atomic
def load(*, council, officer, parent, today: datetime.date) -> list[BudgetRequest]:
    made = []
    for child, asked_by, username, months, reference, parts, wishes, holding, status in REQUESTS:
        user = parent if username is None else _family(username)
        if BudgetRequest.objects.filter(requested_by=user, child_name=child).exists():
            continue
        item = requesting.start_request(user=user)
        requesting.save_answers(
            item=item,
            actor=user,
            council=council,
            asked_by=asked_by,
            child_name=child,
            child_date_of_birth=_born(today, months),
            plan="has_plan" if reference else "being_assessed",
            plan_reference=reference,
            elements=parts,
            wishes=wishes,
            holding_arrangement=holding,
            consent=True,
        )
        item = requesting.submit_request(item=item, actor=user)
        path = {
            Status.RECEIVED: [],
            Status.CONSIDERING: [Status.CONSIDERING],
            Status.AGREED: [Status.CONSIDERING, Status.AGREED],
            Status.SET_UP: [Status.CONSIDERING, Status.AGREED, Status.SET_UP],
            Status.DECLINED: [Status.CONSIDERING, Status.DECLINED],
        }[status]
        for step in path:
            item = requesting.move_request(
                item=item, actor=officer, step=step, reason=DECLINE_REASON if step == Status.DECLINED else ""
            )
        made.append(item)
    requesting.prompt_before_adulthood(today)
    return made
