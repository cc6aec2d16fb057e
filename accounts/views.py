"""The closed doors: every other sign-in and password-reset form sends people to allauth's.

Wagtail's admin login, its front-end login for private pages, Django's admin login and Wagtail's
password reset each sign a person in (or email them) without allauth's second factor, lockout or
verified-email check. They answer with a redirect and never read the posted credentials.
"""

from urllib.parse import urlencode

from allauth.core.internal.ratelimit import handler429 as allauth_handler429
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from accounts import security_log


def _to(name: str, request):
    target = reverse(name)
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        target = f"{target}?{urlencode({'next': next_url})}"
    return redirect(target)


@csrf_exempt  # nothing posted is read; a stale admin form should still land on the real sign-in page
def sign_in_elsewhere(request, *args, **kwargs):
    return _to("account_login", request)


@csrf_exempt
def password_reset_elsewhere(request, *args, **kwargs):
    return _to("account_reset_password", request)


def too_many_requests(request, *args, **kwargs):
    """allauth's limiter answers with this (config.urls.handler429): GOV.UK-styled `429.html`, and a log line."""
    security_log.record("rate_limited", request=request, action=getattr(request, "rate_limit_action", "account"))
    return allauth_handler429(request)
