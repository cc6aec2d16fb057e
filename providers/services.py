"""Changes a provider makes, each one atomic. Nothing here publishes: a service change is a draft revision
submitted to the page's moderation workflow, a place change is a `LocationRequest`; an editor decides."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from localoffer.caching import content_changed
from localoffer.models import REVIEW_INTERVAL, DirectoryIndexPage, Location, ServicePage

from . import access
from .api import provider_emails_for, review_settings
from .models import LocationRequest, ProviderInvitation, ProviderMembership, ReviewConfirmation, ReviewReminder

logger = logging.getLogger(__name__)


class ProviderError(Exception):
    """Something the provider (or editor) can put right; the message says how."""


def absolute_url(path: str, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    if recipients:
        body = render_to_string(template, context)
        send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)


# Invitations ------------------------------------------------------------------------------------------


def send_invitation(invitation: ProviderInvitation, request=None) -> None:
    link = absolute_url(reverse("providers:accept_invitation", kwargs={"token": invitation.token}), request)
    names = ", ".join(organization.name for organization in invitation.organizations.all())
    _send(
        "You have been invited to keep your services up to date on the Local Offer",
        "providers/email/invitation.txt",
        {"invitation": invitation, "link": link, "organisations": names},
        [invitation.email],
    )


@transaction.atomic
def accept_invitation(*, invitation: ProviderInvitation, user) -> list[ProviderMembership]:
    invitation = ProviderInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ProviderError("This invitation has already been used. Sign in to see your services.")
    if invitation.is_expired:
        raise ProviderError("This invitation has expired. Ask the council's Local Offer team to send a new one.")
    if not user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise ProviderError(
            f"This invitation was sent to {invitation.email}. Sign in with that email address to accept it."
        )
    memberships = []
    for organization in invitation.organizations.all():
        membership, created = ProviderMembership.objects.get_or_create(
            user=user, organization=organization, defaults={"invitation": invitation}
        )
        if not created and not membership.is_active:
            membership.is_active = True
            membership.invitation = invitation
            membership.save(update_fields=["is_active", "invitation"])
        memberships.append(membership)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return memberships


def accept_invitations_for_email(user, email: str) -> int:
    """When a person confirms an email address, every open invitation to it is theirs (they signed up
    from the invitation's link; allauth's email confirmation leaves the link behind)."""
    accepted = 0
    for invitation in ProviderInvitation.objects.filter(email__iexact=email, accepted_at__isnull=True):
        if invitation.is_open:
            accept_invitation(invitation=invitation, user=user)
            accepted += 1
    return accepted


# Service drafts and the moderation workflow --------------------------------------------------------------


def draft_of(page: ServicePage) -> ServicePage:
    """The service as the provider last left it: their latest revision, or the live page."""
    return page.get_latest_revision_as_object() if page.latest_revision_id else page


def pending_state(page: ServicePage):
    """The workflow state waiting for an editor (in progress) or for the provider (changes requested)."""
    return page.current_workflow_state


def rejection_reason(page: ServicePage) -> str | None:
    state = pending_state(page)
    if state is None or state.status != state.STATUS_NEEDS_CHANGES:
        return None
    task_state = state.task_states.filter(status="rejected").order_by("-finished_at").first()
    return (task_state.comment or "No reason was given.") if task_state else None


@transaction.atomic
def save_draft(*, draft: ServicePage, user) -> tuple[Revision, bool]:
    """Keep the provider's change as a draft revision: the live page (what families see) is untouched.

    Approving a workflow publishes the page's *latest* revision, so a change saved while an earlier one
    is waiting would be published unseen. Saving therefore withdraws the waiting change (returns True
    when it did); the provider sends the whole again, and the moderator compares what will go live.
    """
    draft.full_clean()
    state = pending_state(draft)
    withdrawn = state is not None and state.status == state.STATUS_IN_PROGRESS
    if withdrawn:
        state.cancel(user=user)
    return draft.save_revision(user=user, log_action=True, clean=False), withdrawn


@transaction.atomic
def create_service(*, organization, user, **fields) -> ServicePage:
    if organization not in access.organizations_for(user):
        raise ProviderError("Choose one of your organisations")
    directory = DirectoryIndexPage.objects.first()
    if directory is None:
        raise ProviderError("The directory is not set up yet. Contact the council's Local Offer team.")
    categories = fields.pop("categories", [])
    needs = fields.pop("needs", [])
    page = ServicePage(organization=organization, live=False, owner=user, **fields)
    page.categories = categories
    page.needs = needs
    directory.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


@transaction.atomic
def submit_for_approval(*, page: ServicePage, user):
    """Send the provider's latest revision to the editors through the page's workflow. A change already
    waiting (or sent back) is withdrawn first: the editors always look at what the provider last said."""
    page = ServicePage.objects.select_for_update().get(pk=page.pk)
    if not page.has_unpublished_changes or not page.latest_revision_id:
        raise ProviderError("There are no changes to send. Change a section first.")
    workflow = page.get_workflow()
    if workflow is None:
        raise ProviderError("Changes cannot be approved at the moment. Contact the council's Local Offer team.")
    state = pending_state(page)
    if state is not None:
        state.cancel(user=user)
    return workflow.start(page, user)


def on_task_rejected(sender, instance, user=None, **kwargs):
    """An editor sent a provider's change back: the provider hears why, by email and on their page."""
    workflow_state = instance.workflow_state
    requester = workflow_state.requested_by
    page = workflow_state.content_object
    if requester is None or not isinstance(getattr(page, "specific", None), ServicePage):
        return
    page = page.specific
    if not access.services_for(requester).filter(pk=page.pk).exists():
        return  # not a provider's submission
    link = absolute_url(reverse("providers:service", kwargs={"page_id": page.pk}))
    _send(
        f"Changes to {page.get_latest_revision_as_object().title} need more work",
        "providers/email/rejected.txt",
        {"page": page, "reason": instance.comment or "No reason was given.", "link": link},
        [requester.email],
    )


def on_workflow_approved(sender, instance, user=None, **kwargs):
    requester = instance.requested_by
    page = instance.content_object
    if requester is None or not isinstance(getattr(page, "specific", None), ServicePage):
        return
    page = page.specific
    if not access.services_for(requester).filter(pk=page.pk).exists():
        return
    link = absolute_url(reverse("providers:service", kwargs={"page_id": page.pk}))
    _send(
        f"Your changes to {page.title} are published",
        "providers/email/approved.txt",
        {"page": page, "link": link},
        [requester.email],
    )


# Reviews ----------------------------------------------------------------------------------------------


@transaction.atomic
def confirm_review(*, page: ServicePage, user, today: datetime.date | None = None) -> ReviewConfirmation:
    """ "This is still correct": the review is recorded and the next one is due in a year, without an edit.

    Only the two review dates move, on the live page and in its live and latest revisions alike (a
    later publish of either revision must not put the old dates back). The page's save moves the page
    cache's content version on, so families see the new "last reviewed" date.
    """
    today = today or timezone.localdate()
    page = ServicePage.objects.select_for_update().get(pk=page.pk)
    page.assured_date = today
    page.review_due_on = today + REVIEW_INTERVAL
    page.save(update_fields=["assured_date", "review_due_on"], clean=False)
    revision_ids = {page.live_revision_id, page.latest_revision_id} - {None}
    for revision in Revision.objects.select_for_update().filter(pk__in=revision_ids):
        revision.content["assured_date"] = page.assured_date.isoformat()
        revision.content["review_due_on"] = page.review_due_on.isoformat()
        revision.save(update_fields=["content"])
    if page.live:
        content_changed()
    return ReviewConfirmation.objects.create(service=page, confirmed_by=user)


def last_confirmed(page: ServicePage):
    confirmation = page.review_confirmations.order_by("-confirmed_at").first()
    return confirmation.confirmed_at if confirmation else None


def reminder_kind(review_due_on: datetime.date, today: datetime.date, days_before: int) -> str | None:
    if review_due_on == today:
        return ReviewReminder.DUE
    if review_due_on < today:
        return ReviewReminder.OVERDUE
    if (review_due_on - today).days <= days_before:
        return ReviewReminder.BEFORE
    return None


SUBJECTS = {
    ReviewReminder.BEFORE: "{title}: please check it by {due}",
    ReviewReminder.DUE: "{title}: please check it today",
    ReviewReminder.OVERDUE: "{title}: the check was due on {due}",
}


def send_review_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """One email per kind (before, on the day, overdue) per review date, to the service's providers.

    Each reminder is claimed by inserting its `ReviewReminder` row (unique per service, date and kind)
    before the email goes; a second run, or a second worker at the same moment, fails the insert and
    sends nothing. A service with no provider yet is not claimed, so a provider invited later still
    hears about it.
    """
    today = today or timezone.localdate()
    days_before = review_settings().reminder_days_before
    sent = {ReviewReminder.BEFORE: 0, ReviewReminder.DUE: 0, ReviewReminder.OVERDUE: 0}
    services = (
        ServicePage.objects.live()
        .filter(review_due_on__isnull=False, review_due_on__lte=today + datetime.timedelta(days=days_before))
        .select_related("organization")
    )
    for page in services:
        kind = reminder_kind(page.review_due_on, today, days_before)
        recipients = provider_emails_for(page)
        if kind is None or not recipients:
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(
                    service=page, review_due_on=page.review_due_on, kind=kind, recipients=recipients
                )
        except IntegrityError:
            continue  # already sent
        context = {
            "page": page,
            "kind": kind,
            "confirm_link": absolute_url(reverse("providers:confirm_review", kwargs={"page_id": page.pk})),
            "edit_link": absolute_url(reverse("providers:service", kwargs={"page_id": page.pk})),
        }
        subject = SUBJECTS[kind].format(title=page.title, due=f"{page.review_due_on:%-d %B %Y}")
        try:
            _send(subject, "providers/email/review_reminder.txt", context, recipients)
        except Exception:
            # Not sent: give the claim back so the next run tries again.
            ReviewReminder.objects.filter(service=page, review_due_on=page.review_due_on, kind=kind).delete()
            logger.exception("Could not send the review reminder for service %s", page.pk)
            continue
        sent[kind] += 1
    return sent


# Places ------------------------------------------------------------------------------------------------


def location_problems(fields) -> dict[str, str]:
    """The directory's own checks on a place (a real UK postcode), as messages by field."""
    candidate = Location(**{name: fields.get(name) or "" for name in LocationRequest.FIELDS})
    try:
        candidate.clean()
    except ValidationError as error:
        return {field: " ".join(messages) for field, messages in error.message_dict.items()}
    fields["postal_code"] = candidate.postal_code
    return {}


@transaction.atomic
def request_location(*, user, organization, location: Location | None, **fields) -> LocationRequest:
    if organization not in access.organizations_for(user):
        raise ProviderError("Choose one of your organisations")
    if location is not None and not access.locations_for(user).filter(pk=location.pk).exists():
        raise ProviderError("You cannot change this place")
    problems = location_problems(fields)
    if problems:
        raise ProviderError(" ".join(problems.values()))
    # A newer request for the same place replaces one still waiting.
    if location is not None:
        LocationRequest.objects.filter(
            location=location, organization=organization, status=LocationRequest.PENDING
        ).delete()
    return LocationRequest.objects.create(organization=organization, location=location, submitted_by=user, **fields)


@transaction.atomic
def approve_location_request(*, location_request: LocationRequest, editor) -> Location:
    location_request = LocationRequest.objects.select_for_update().get(pk=location_request.pk)
    if location_request.status != LocationRequest.PENDING:
        raise ProviderError("This change has already been decided")
    location = location_request.location or Location()
    for name in LocationRequest.FIELDS:
        setattr(location, name, getattr(location_request, name))
    if location_request.location_id:
        location.latitude = location.longitude = None  # found again from the (possibly new) postcode
    location.full_clean()
    location.save()
    location_request.location = location
    location_request.status = LocationRequest.APPROVED
    location_request.decided_by, location_request.decided_at = editor, timezone.now()
    location_request.save()
    _notify_location_decision(location_request)
    return location


@transaction.atomic
def reject_location_request(*, location_request: LocationRequest, editor, reason: str) -> LocationRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ProviderError("Enter the reason, so the provider knows what to change")
    location_request = LocationRequest.objects.select_for_update().get(pk=location_request.pk)
    if location_request.status != LocationRequest.PENDING:
        raise ProviderError("This change has already been decided")
    location_request.status = LocationRequest.REJECTED
    location_request.reason = reason
    location_request.decided_by, location_request.decided_at = editor, timezone.now()
    location_request.save()
    _notify_location_decision(location_request)
    return location_request


def _notify_location_decision(location_request: LocationRequest) -> None:
    requester = location_request.submitted_by
    if requester is None or not requester.email:
        return
    approved = location_request.status == LocationRequest.APPROVED
    _send(
        f"{location_request.name}: {'your change is published' if approved else 'your change needs more work'}",
        "providers/email/location_decision.txt",
        {"request": location_request, "approved": approved, "link": absolute_url(reverse("providers:dashboard"))},
        [requester.email],
    )
