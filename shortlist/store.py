"""The shortlist: services a family saves while they look, to print, email or share.

Someone who is not signed in keeps the list in their session (a list of page ids, nothing else); a
signed-in family keeps it in their account (ShortlistItem), and what they saved before signing in is
added to it when they do. Only service page ids are ever kept: no names, notes or searches.
"""

from django.db import IntegrityError, transaction

from localoffer.models import ServicePage

from .models import ShortlistItem

SESSION_KEY = "shortlist"
# A list longer than this is no longer a shortlist; it also bounds the session and the shared link.
MAX_SERVICES = 50
_MEMO = "_shortlist_ids"


class ShortlistFull(Exception):
    pass


def saved_ids(request) -> list[int]:
    """The ids on this visitor's shortlist, in the order they were saved (read once per request: the
    results page asks for every hit)."""
    memo = getattr(request, _MEMO, None)
    if memo is not None:
        return memo
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        ids = list(ShortlistItem.objects.filter(user=user).values_list("service_id", flat=True))
    else:
        session = getattr(request, "session", None)
        # Reading an empty session neither creates nor saves one, so a first visit stays cacheable.
        ids = [i for i in (session.get(SESSION_KEY, []) if session is not None else []) if isinstance(i, int)]
    setattr(request, _MEMO, ids)
    return ids


def _forget_memo(request):
    if hasattr(request, _MEMO):
        delattr(request, _MEMO)


def is_saved(request, service_id) -> bool:
    return service_id in saved_ids(request)


def add(request, service: ServicePage) -> bool:
    """Save a service; False if it was already saved. Raises ShortlistFull past MAX_SERVICES."""
    ids = saved_ids(request)
    if service.pk in ids:
        return False
    if len(ids) >= MAX_SERVICES:
        raise ShortlistFull
    if request.user.is_authenticated:
        try:
            with transaction.atomic():
                ShortlistItem.objects.create(user=request.user, service=service)
        except IntegrityError:  # saved at the same moment from another tab
            return False
    else:
        request.session[SESSION_KEY] = [*ids, service.pk]
    _forget_memo(request)
    return True


def remove(request, service_id: int) -> bool:
    if request.user.is_authenticated:
        removed, _ = ShortlistItem.objects.filter(user=request.user, service_id=service_id).delete()
    else:
        ids = saved_ids(request)
        removed = service_id in ids
        if removed:
            request.session[SESSION_KEY] = [i for i in ids if i != service_id]
    _forget_memo(request)
    return bool(removed)


def clear(request) -> None:
    if request.user.is_authenticated:
        ShortlistItem.objects.filter(user=request.user).delete()
    else:
        request.session.pop(SESSION_KEY, None)
    _forget_memo(request)


def live_services(ids) -> list[ServicePage]:
    """The published, public services among `ids`, in that order: a service unpublished since it was
    saved simply drops out of the list."""
    ids = [i for i in ids if isinstance(i, int)][:MAX_SERVICES]
    found = (
        ServicePage.objects.live()
        .public()
        .filter(pk__in=ids)
        .select_related("organization")
        .prefetch_related("cost_options", "schedules", "service_at_locations__location", "contacts")
    )
    by_id = {service.pk: service for service in found}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


def parse_shared_ids(value: str) -> list[int]:
    """Service ids from a shared link's `services=12,34`; anything else in it is ignored."""
    ids = []
    for part in (value or "").split(",")[:MAX_SERVICES]:
        part = part.strip()
        if part.isdigit() and len(part) <= 10:
            ids.append(int(part))
    return list(dict.fromkeys(ids))


def merge_at_sign_in(sender, request, user, **kwargs):
    """allauth's user_logged_in: what a family saved before signing in joins the list in their account
    (added after what is there, up to MAX_SERVICES), and leaves the session."""
    session = getattr(request, "session", None)
    if session is None:
        return
    pending = [i for i in session.get(SESSION_KEY, []) if isinstance(i, int)]
    if not pending:
        return
    have = set(ShortlistItem.objects.filter(user=user).values_list("service_id", flat=True))
    room = MAX_SERVICES - len(have)
    new = [service for service in live_services(pending) if service.pk not in have][: max(room, 0)]
    ShortlistItem.objects.bulk_create(
        [ShortlistItem(user=user, service=service) for service in new], ignore_conflicts=True
    )
    session.pop(SESSION_KEY, None)
    _forget_memo(request)
