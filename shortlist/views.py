from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import ratelimits
from localoffer.models import ServicePage

from . import store
from .forms import EmailShortlistForm
from .origin import is_cross_site


def _safe_next(request, default=None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("shortlist:list")


def _problem(request, title, text, status):
    return TemplateResponse(
        request,
        "shortlist/problem.html",
        {"page_title": title, "text": text, "back": _safe_next(request)},
        status=status,
    )


@csrf_exempt  # the cached public pages carry no token; see shortlist/origin.py for what protects it
@require_POST
def save(request):
    if is_cross_site(request):
        return _problem(
            request,
            "Your shortlist was not changed",
            "The request came from another website. Use the Save buttons on this website to change your shortlist.",
            403,
        )
    raw = request.POST.get("service", "")
    service = None
    if raw.isdigit() and len(raw) <= 10:
        service = ServicePage.objects.live().public().filter(pk=int(raw)).first()
    if service is None:
        return _problem(
            request,
            "Service not found",
            "We could not find that service. It may have been removed from the directory.",
            400,
        )
    if request.POST.get("action") == "remove":
        if store.remove(request, service.pk):
            messages.success(request, f"{service.title} has been removed from your shortlist.")
    else:
        try:
            added = store.add(request, service)
        except store.ShortlistFull:
            messages.error(
                request,
                f"Your shortlist already has {store.MAX_SERVICES} services. Remove one before you save another.",
            )
        else:
            if added:
                messages.success(request, f"{service.title} has been saved to your shortlist.")
    # A service page's own button sends no `next`: it comes back to the service.
    return redirect(_safe_next(request, default=service.url))


def _share_url(request, services) -> str:
    if not services:
        return ""
    ids = ",".join(str(service.pk) for service in services)
    return request.build_absolute_uri(f"{reverse('shortlist:shared')}?services={ids}")


@require_GET
def shortlist(request):
    services = store.live_services(store.saved_ids(request))
    return TemplateResponse(
        request,
        "shortlist/shortlist.html",
        {"page_title": "Your shortlist", "services": services, "share_url": _share_url(request, services)},
    )


@require_GET
def print_view(request):
    services = store.live_services(store.saved_ids(request))
    return TemplateResponse(
        request, "shortlist/print.html", {"page_title": "Your shortlist to print", "services": services}
    )


@require_GET
def shared(request):
    """A shortlist someone shared: the link holds service ids only, so it says nothing about who made
    it, and anyone who opens it sees the services read-only."""
    services = store.live_services(store.parse_shared_ids(request.GET.get("services", "")))
    return TemplateResponse(
        request, "shortlist/shared.html", {"page_title": "A shared shortlist", "services": services}
    )


@require_http_methods(["GET", "POST"])
def email(request):
    services = store.live_services(store.saved_ids(request))
    form = EmailShortlistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services:
            form.add_error(None, "Your shortlist is empty. Save a service before you email your shortlist.")
        elif not ratelimits.allow_post(request, "shortlist_email"):
            form.add_error(None, "You have emailed your shortlist several times in the last hour. Try again later.")
        else:
            _send(request, form.cleaned_data["email"], services)
            # The message names no address: messages are kept in a cookie or the session.
            messages.success(request, "Your shortlist has been sent. We have not kept your email address.")
            return redirect("shortlist:list")
    return TemplateResponse(
        request,
        "shortlist/email.html",
        {"page_title": "Email your shortlist", "form": form, "services": services},
    )


def _send(request, address, services) -> None:
    # Sent now, not from a background task: a queued task would keep the address in the database.
    context = {
        "services": services,
        "share_url": _share_url(request, services),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    send_mail(
        subject=f"Your shortlist from the {settings.WAGTAIL_SITE_NAME}",
        message=render_to_string("shortlist/email.txt", context),
        from_email=None,
        recipient_list=[address],
    )
