"""Every change to a personal budget request, a hand-over and an adulthood prompt: atomic and audited.

A request's life:

    (answering) -> received -> being considered -> agreed -> set up
                            \\-> declined <-/
    declined -> (the family asks for a review) -> being considered

Each step is taken once, by the person it belongs to (the family sends and asks for a review; the
council's officer moves the rest), and sends the family one email. A step out of order is refused with
a message that says what the request is waiting for. "Agreed" creates the budget from the request,
pre-filled, with the family already a member.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budgets.dates import add_months
from budgets.models import AuditEvent, Budget, BudgetElement, BudgetMembership, Council, Element
from budgets.permissions import councils_for, covers
from budgets.requests.models import AdulthoodPrompt, BudgetRequest, Handover
from budgets.services import BudgetError, budget_snapshot

Status = BudgetRequest.Status

# Which step may follow which. The family's own steps (sending, asking for a review) are separate.
NEXT_STEPS = {
    Status.RECEIVED: (Status.CONSIDERING, Status.DECLINED),
    Status.CONSIDERING: (Status.AGREED, Status.DECLINED),
    Status.AGREED: (Status.SET_UP,),
    Status.SET_UP: (),
    Status.DECLINED: (),
}
QUESTION_FIELDS = (
    "council",
    "asked_by",
    "child_name",
    "child_date_of_birth",
    "plan",
    "plan_reference",
    "elements",
    "wishes",
    "holding_arrangement",
    "consent",
)
YOUNG_PERSON_AGES = (16, 25)
HANDOVER_AGE = 16
ADULT_AGE = 18
PROMPT_MONTHS_BEFORE = 6


class RequestError(BudgetError):
    """A request step refused for a reason the person can act on; str() is the message to show."""


def _link(path: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def request_snapshot(item: BudgetRequest) -> dict:
    return {
        "council": item.council_id,
        "asked_by": item.asked_by,
        "child_name": item.child_name,
        "child_date_of_birth": item.child_date_of_birth.isoformat() if item.child_date_of_birth else None,
        "plan": item.plan,
        "plan_reference": item.plan_reference,
        "elements": list(item.elements),
        "wishes": item.wishes,
        "holding_arrangement": item.holding_arrangement,
        "consent": item.consent,
        "status": item.status,
        "decline_reason": item.decline_reason,
        "review_reason": item.review_reason,
        "budget": item.budget_id,
    }


def _locked(item: BudgetRequest) -> BudgetRequest:
    return BudgetRequest.objects.select_for_update().get(pk=item.pk)


def _audit(actor, action, item, before, budget=None):
    AuditEvent.record(
        actor=actor, action=action, budget=budget, target=item, before=before, after=request_snapshot(item)
    )


# The family's answers ---------------------------------------------------------------------------------


@transaction.atomic
def start_request(*, user) -> BudgetRequest:
    """A new request, with the council filled in when there is only one."""
    councils = list(Council.objects.all()[:2])
    item = BudgetRequest.objects.create(requested_by=user, council=councils[0] if len(councils) == 1 else None)
    _audit(user, "request.started", item, None)
    return item


def age_problem(asked_by: str, born: datetime.date | None, today: datetime.date) -> str | None:
    """Why this date of birth cannot have a request, in plain English, or None."""
    if born is None:
        return None
    if born > today:
        return "Date of birth must be in the past"
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    low, high = YOUNG_PERSON_AGES
    if asked_by == BudgetRequest.AskedBy.YOUNG_PERSON and not low <= age <= high:
        return f"You can ask for your own personal budget if you are {low} to {high}. You are {age}: " + (
            "ask your parent or carer to ask for you." if age < low else "ask adult social care about a budget."
        )
    if age > high:
        return f"A personal budget through an EHC plan is for children and young people up to {high}."
    return None


@transaction.atomic
def save_answers(*, item: BudgetRequest, actor, **answers) -> BudgetRequest:
    """Keep the family's answers to one question as they go; only while the request is not yet sent."""
    item = _locked(item)
    if item.requested_by_id != actor.pk:
        raise RequestError("Only the person who started this request can change it.")
    if not item.is_draft:
        raise RequestError("This request has been sent, so its answers can no longer be changed.")
    unknown = set(answers) - set(QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Not a question: {sorted(unknown)}")
    before = request_snapshot(item)
    for name, value in answers.items():
        setattr(item, name, value)
    if answers.get("consent"):
        item.consent_given_at = timezone.now()
    elif "consent" in answers:
        item.consent_given_at = None
    if item.plan == BudgetRequest.Plan.BEING_ASSESSED:
        item.plan_reference = ""
    item.save()
    _audit(actor, "request.answered", item, before)
    return item


def missing_answers(item: BudgetRequest) -> list[str]:
    """What still needs answering before the request can be sent, as the check page words it."""
    missing = []
    if item.council_id is None:
        missing.append("Which council looks after the plan")
    if not item.asked_by:
        missing.append("Who is asking")
    if not item.child_name:
        missing.append("Name")
    if item.child_date_of_birth is None:
        missing.append("Date of birth")
    if not item.plan or (item.plan == BudgetRequest.Plan.HAS_PLAN and not item.plan_reference):
        missing.append("EHC plan")
    if not item.elements:
        missing.append("Which parts of the plan")
    if not item.wishes.strip():
        missing.append("What you would like it to pay for")
    if not item.holding_arrangement:
        missing.append("How you would like to hold it")
    if not item.consent:
        missing.append("Consent")
    return missing


def _notify_family(item: BudgetRequest, subject: str, body: str) -> None:
    email = item.requested_by.email
    if not email:
        return
    path = reverse("budgets:request_detail", kwargs={"budget_request": item.uuid})
    send_mail(
        subject=subject,
        message=f"{body}\n\nSee your request:\n{_link(path)}\n",
        from_email=None,
        recipient_list=[email],
    )


def _notify_officers(item: BudgetRequest, subject: str, body: str) -> None:
    officers = sorted({u.email for u in item.council.officers.all() if u.email}) if item.council_id else []
    if officers:
        path = reverse("budget_requests:inspect", args=[item.pk])
        send_mail(subject=subject, message=f"{body}\n\n{_link(path)}\n", from_email=None, recipient_list=officers)


@transaction.atomic
def submit_request(*, item: BudgetRequest, actor) -> BudgetRequest:
    item = _locked(item)
    if item.requested_by_id != actor.pk:
        raise RequestError("Only the person who started this request can send it.")
    if not item.is_draft:
        raise RequestError(f"This request was already sent on {timezone.localtime(item.submitted_at):%-d %B %Y}.")
    missing = missing_answers(item)
    if missing:
        raise RequestError("Answer every question before you send the request: " + ", ".join(missing).lower() + ".")
    problem = age_problem(item.asked_by, item.child_date_of_birth, timezone.localdate())
    if problem:
        raise RequestError(problem)
    before = request_snapshot(item)
    item.status = Status.RECEIVED
    item.submitted_at = timezone.now()
    item.save(update_fields=["status", "submitted_at", "updated_at"])
    _audit(actor, "request.received", item, before)
    _notify_family(
        item,
        f"We have received your request for a personal budget for {item.child_name}",
        f"{item.council} has received your request for a personal budget for {item.child_name}. "
        "A budget officer will look at it and we will email you at each step.",
    )
    _notify_officers(
        item,
        f"New personal budget request: {item.child_name}",
        f"A family has asked for a personal budget for {item.child_name}.",
    )
    return item


# The officer's steps ----------------------------------------------------------------------------------


def allowed_steps(item: BudgetRequest) -> tuple[str, ...]:
    return NEXT_STEPS.get(item.status, ())


def next_steps_message(item: BudgetRequest) -> str:
    """What a request can become next, in words: the answer to a step out of order."""
    current = item.get_status_display().lower()
    nexts = allowed_steps(item)
    if not nexts:
        return f"This request is {current}: that was the last step."
    return f"This request is {current}, so it can next be " + " or ".join(Status(s).label.lower() for s in nexts) + "."


def _refuse_out_of_order(item: BudgetRequest, step: str) -> None:
    if item.is_draft:
        raise RequestError("The family has not sent this request yet.")
    label = Status(step).label.lower()
    if item.status == step:
        raise RequestError(f"This request is already {label}.")
    nexts = allowed_steps(item)
    if step not in nexts:
        current = item.get_status_display().lower()
        if nexts:
            options = " or ".join(Status(s).label.lower() for s in nexts)
            raise RequestError(f"This request is {current}, so it cannot be {label} yet. It can next be {options}.")
        raise RequestError(f"This request is {current}, so it cannot be {label}: that was the last step.")


def _check_officer(actor, item: BudgetRequest) -> None:
    if actor is None or not covers(actor, item.council_id):
        raise RequestError("You can only handle requests for the councils you are an officer for.")


def _budget_dates(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    starts_on = add_months(today.replace(day=1), 1)
    return starts_on, add_months(starts_on, 12) - datetime.timedelta(days=1)


def _create_budget(item: BudgetRequest, actor) -> Budget:
    """The budget, pre-filled from the request; the officer adds the amounts and the provision."""
    starts_on, ends_on = _budget_dates(timezone.localdate())
    young_person = item.asked_by == BudgetRequest.AskedBy.YOUNG_PERSON
    budget = Budget.objects.create(
        council=item.council,
        holder_name=item.child_name,
        holder_date_of_birth=item.child_date_of_birth,
        holder=item.requested_by if young_person else None,
        reference=item.plan_reference,
        starts_on=starts_on,
        ends_on=ends_on,
        holding_arrangement=item.holding_arrangement or Budget.HoldingArrangement.DIRECT_PAYMENT,
    )
    for element in item.elements:
        if element in Element.values:
            BudgetElement.objects.create(budget=budget, element=element, allocated_amount=0)
    role = BudgetMembership.Role.YOUNG_PERSON if young_person else BudgetMembership.Role.PARENT_CARER
    membership = BudgetMembership.objects.create(budget=budget, user=item.requested_by, role=role)
    AuditEvent.record(actor=actor, action="budget.created", budget=budget, target=budget, after=budget_snapshot(budget))
    AuditEvent.record(actor=actor, action="member.joined", budget=budget, target=membership, after={"role": role})
    return budget


@transaction.atomic
def move_request(*, item: BudgetRequest, actor, step: str, reason: str = "") -> BudgetRequest:
    """The officer's step: being considered, agreed (creates the budget), set up or declined (with a
    reason, sent to the family). Refused out of order, outside the officer's councils, or twice."""
    item = _locked(item)
    _check_officer(actor, item)
    if step not in Status.values or step == Status.RECEIVED:
        raise RequestError("Choose what happens next to this request.")
    _refuse_out_of_order(item, step)
    reason = reason.strip()
    if step == Status.DECLINED and not reason:
        raise RequestError("Give the reason the request is declined: the family is sent it and may ask for a review.")
    before = request_snapshot(item)
    now = timezone.now()
    item.status = step
    budget = None
    if step == Status.CONSIDERING:
        item.considering_at = now
        subject = f"Your request for {item.child_name}'s personal budget is being considered"
        body = f"A budget officer at {item.council} is now considering your request."
    elif step == Status.AGREED:
        item.decided_at, item.decided_by, item.decline_reason = now, actor, ""
        budget = item.budget = _create_budget(item, actor)
        subject = f"Your request for {item.child_name}'s personal budget has been agreed"
        body = (
            f"{item.council} has agreed a personal budget for {item.child_name}. We are setting it up and will "
            "email you when the first payment is ready. You can already see the budget when you sign in."
        )
    elif step == Status.SET_UP:
        item.set_up_at = now
        budget = item.budget
        subject = f"{item.child_name}'s personal budget is set up"
        body = f"{item.child_name}'s personal budget is set up. Sign in to see the amounts and record spending."
    else:
        item.decided_at, item.decided_by, item.decline_reason = now, actor, reason
        subject = f"Your request for {item.child_name}'s personal budget has been declined"
        body = (
            f"{item.council} has declined your request for a personal budget for {item.child_name}.\n\n"
            f"The reason:\n{reason}\n\n"
            + (
                "If you disagree, you can ask for the decision to be reviewed from your request's page."
                if item.review_requested_at is None
                else "This decision was made after a review. You can appeal to the SEND Tribunal or talk to SENDIASS."
            )
        )
    item.save()
    _audit(actor, f"request.{step}", item, before, budget=budget)
    _notify_family(item, subject, body)
    return item


@transaction.atomic
def ask_for_review(*, item: BudgetRequest, actor, reason: str) -> BudgetRequest:
    """After a decline the family may ask, once, for the decision to be looked at again."""
    item = _locked(item)
    if item.requested_by_id != actor.pk:
        raise RequestError("Only the person who sent this request can ask for a review.")
    if item.status != Status.DECLINED:
        raise RequestError("You can ask for a review only after a request has been declined.")
    if item.review_requested_at is not None:
        raise RequestError("You have already asked for this decision to be reviewed.")
    reason = reason.strip()
    if not reason:
        raise RequestError("Say why you would like the decision reviewed")
    before = request_snapshot(item)
    item.status = Status.CONSIDERING
    item.review_requested_at = item.considering_at = timezone.now()
    item.review_reason = reason
    item.save()
    _audit(actor, "request.review_requested", item, before)
    _notify_family(
        item,
        f"You have asked for a review of the decision on {item.child_name}'s personal budget",
        f"A budget officer at {item.council} will look at the decision again and email you with the result.",
    )
    _notify_officers(
        item,
        f"Review asked for: {item.child_name}'s personal budget request",
        f"The family asks for the decision to be reviewed:\n{reason}",
    )
    return item


def officer_requests(user):
    """Sent requests in the councils this officer covers (never a family's unsent answers)."""
    return BudgetRequest.objects.filter(council__in=councils_for(user), submitted_at__isnull=False)


# Moving to adulthood: the hand-over at 16 -------------------------------------------------------------


def _age(budget: Budget) -> int | None:
    return budget.holder_age_on(timezone.localdate())


@transaction.atomic
def offer_handover(*, budget: Budget, actor, email: str) -> Handover:
    """The parent offers the budget to the young person, who must be 16 or over."""
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    membership = budget.memberships.filter(user=actor).first()
    if membership is None or membership.role != BudgetMembership.Role.PARENT_CARER:
        raise RequestError("Only a parent or carer who manages this budget can hand it over.")
    age = _age(budget)
    if age is None:
        raise RequestError(
            f"We do not know {budget.holder_name}'s date of birth. Ask your budget officer to add it first."
        )
    if age < HANDOVER_AGE:
        raise RequestError(
            f"{budget.holder_name} is {age}. A budget can be handed to a young person from their "
            f"{HANDOVER_AGE}th birthday."
        )
    email = email.strip().lower()
    if budget.holder is not None and budget.holder.email.lower() == email:
        raise RequestError(f"{budget.holder_name} already holds this budget.")
    budget.handovers.filter(accepted_at__isnull=True).delete()
    handover = budget.handovers.create(
        email=email,
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.BUDGET_INVITATION_DAYS),
    )
    path = reverse("budgets:handover_accept", kwargs={"handover": handover.token})
    send_mail(
        subject=f"{budget.holder_name}, your personal budget can be yours to manage",
        message=(
            f"{actor.email} would like to hand your personal budget over to you. Once you accept, you manage it "
            "yourself and decide whether they can still help.\n\nTo accept, sign in or create an account with "
            f"this email address and open this link:\n{_link(path)}\n\n"
            f"The link stops working on {timezone.localtime(handover.expires_at):%-d %B %Y}."
        ),
        from_email=None,
        recipient_list=[email],
    )
    AuditEvent.record(actor=actor, action="handover.offered", budget=budget, target=handover, after={"email": email})
    return handover


def open_handovers_for(user):
    """Hand-overs waiting for this person: offered to one of their verified email addresses."""
    if not user.is_authenticated:
        return Handover.objects.none()
    emails = list(user.emailaddress_set.filter(verified=True).values_list("email", flat=True))
    return Handover.objects.filter(
        email__in=[e.lower() for e in emails], accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("budget")


@transaction.atomic
def accept_handover(*, handover: Handover, user, parent_role: str) -> Budget:
    """The young person, signed in, takes the budget; the parent stays only in the role they agree to."""
    handover = Handover.objects.select_for_update().select_related("budget").get(pk=handover.pk)
    budget = Budget.objects.select_for_update().get(pk=handover.budget_id)
    if handover.accepted_at is not None:
        raise RequestError("This hand-over has already been accepted.")
    if not handover.is_open:
        raise RequestError("This hand-over has expired. Ask the person who sent it to send a new one.")
    if not user.emailaddress_set.filter(email__iexact=handover.email, verified=True).exists():
        raise RequestError(
            f"This hand-over was sent to {handover.email}. Sign in with that email address to accept it."
        )
    age = _age(budget)
    if age is None or age < HANDOVER_AGE:
        raise RequestError(f"A budget can be handed to a young person from their {HANDOVER_AGE}th birthday.")
    if parent_role not in Handover.ParentRole.values:
        raise RequestError("Choose whether the person who managed your budget can still help with it.")
    before = budget_snapshot(budget)
    before_members = {m.user.email: m.role for m in budget.memberships.select_related("user")}
    budget.holder = user
    budget.save(update_fields=["holder"])
    BudgetMembership.objects.update_or_create(
        budget=budget, user=user, defaults={"role": BudgetMembership.Role.YOUNG_PERSON}
    )
    parents = budget.memberships.filter(role=BudgetMembership.Role.PARENT_CARER).exclude(user=user)
    if parent_role == Handover.ParentRole.NONE:
        parents.delete()
    else:
        parents.update(role=parent_role)
    handover.accepted_at, handover.accepted_by, handover.parent_role = timezone.now(), user, parent_role
    handover.save(update_fields=["accepted_at", "accepted_by", "parent_role"])
    after_members = {m.user.email: m.role for m in budget.memberships.select_related("user")}
    AuditEvent.record(
        actor=user,
        action="handover.accepted",
        budget=budget,
        target=handover,
        before={**before, "members": before_members},
        after={**budget_snapshot(budget), "members": after_members, "parent_role": parent_role},
    )
    if handover.invited_by is not None and handover.invited_by.email:
        kept = {
            Handover.ParentRole.NOMINEE: "You can still help manage it as their nominee.",
            Handover.ParentRole.VIEWER: "You can still look at it, but not change it.",
            Handover.ParentRole.NONE: "They have chosen to manage it without you, so you can no longer see it.",
        }[parent_role]
        send_mail(
            subject=f"{budget.holder_name} has taken over their personal budget",
            message=f"{budget.holder_name} now manages their own personal budget. {kept}",
            from_email=None,
            recipient_list=[handover.invited_by.email],
        )
    return budget


# Moving to adulthood: the prompt before 18 -------------------------------------------------------------


def eighteenth_birthday(born: datetime.date) -> datetime.date:
    try:
        return born.replace(year=born.year + ADULT_AGE)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + ADULT_AGE, day=28)


def prompt_before_adulthood(today: datetime.date | None = None) -> int:
    """Prompt the council's officers about every current budget with a social care part whose holder
    turns 18 within six months. Idempotent: one prompt (and one email) per budget and birthday."""
    today = today or timezone.localdate()
    earliest_birth = add_months(today, -12 * ADULT_AGE)
    latest_birth = add_months(today, PROMPT_MONTHS_BEFORE - 12 * ADULT_AGE)
    budgets = (
        Budget.objects.filter(
            holder_date_of_birth__gt=earliest_birth,
            holder_date_of_birth__lte=latest_birth,
            ends_on__gte=today,
            elements__element=Element.SOCIAL_CARE,
        )
        .select_related("council")
        .distinct()
    )
    created = 0
    for budget in budgets:
        birthday = eighteenth_birthday(budget.holder_date_of_birth)
        with transaction.atomic():
            prompt, made = AdulthoodPrompt.objects.get_or_create(budget=budget, eighteenth_birthday=birthday)
            if not made:
                continue
            AuditEvent.record(actor=None, action="adulthood.prompted", budget=budget, target=prompt)
            officers = sorted({u.email for u in budget.council.officers.all() if u.email})
            if officers:
                path = reverse("adulthood_prompts:inspect", args=[prompt.pk])
                send_mail(
                    subject=f"{budget.holder_name} turns 18 on {birthday:%-d %B %Y}: plan adult social care",
                    message=(
                        f"{budget.holder_name}'s personal budget has a social care part. From their 18th birthday "
                        "social care follows adult rules (the Care Act 2014): plan the needs assessment and the "
                        f"new budget now.\n\n{_link(path)}\n"
                    ),
                    from_email=None,
                    recipient_list=officers,
                )
            created += 1
    return created


@transaction.atomic
def deal_with_prompt(*, prompt: AdulthoodPrompt, actor, note: str = "") -> AdulthoodPrompt:
    prompt = AdulthoodPrompt.objects.select_for_update().select_related("budget").get(pk=prompt.pk)
    if actor is None or not covers(actor, prompt.budget.council_id):
        raise RequestError("You can only handle prompts for the councils you are an officer for.")
    if prompt.dealt_with_at is not None:
        raise RequestError("This prompt has already been dealt with.")
    prompt.dealt_with_at, prompt.dealt_with_by, prompt.note = timezone.now(), actor, note.strip()
    prompt.save(update_fields=["dealt_with_at", "dealt_with_by", "note"])
    AuditEvent.record(
        actor=actor, action="adulthood.dealt_with", budget=prompt.budget, target=prompt, after={"note": prompt.note}
    )
    return prompt
