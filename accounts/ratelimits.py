"""Rate limits outside allauth's own forms, on allauth's limiter: one mechanism, one cache, one client IP.

Rates live in settings.ACCOUNT_RATE_LIMITS beside the sign-in ones, so a council tunes them in one place.
The limiter's counts are in the shared cache (Redis or the database), so they hold across every
gunicorn worker and every server.
"""

import hashlib
import hmac

from allauth.core import ratelimit
from django.conf import settings

from accounts import security_log
from accounts.network import client_ip


def allow_post(request, action: str) -> bool:
    """True if this form post may go ahead; it counts against the sender (a keyed hash of the address).

    For forms that answer a refusal with a message of their own rather than a 429 page.
    """
    allowed = ratelimit.consume(request, action=action, key=sender_key(request))
    if not allowed:
        security_log.record("rate_limited", request=request, action=action)
    return allowed


def sender_key(request) -> str:
    """The client's address, hashed with the secret key: the cache holds no personal data."""
    return hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()[:32]


class PathRateLimitMiddleware:
    """Search and the ORUK API answer anyone, so a single client must not be able to tie up the service.

    Every request (GET included) under a prefix in settings.RATE_LIMITED_PATHS counts against that
    prefix's action in ACCOUNT_RATE_LIMITS; past the limit the client gets 429 with allauth's page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for prefix, action in settings.RATE_LIMITED_PATHS.items():
            if request.path.startswith(prefix):
                request.rate_limit_action = action  # for the security log line (accounts.views)
                response = ratelimit.consume_or_429(request, action=action, limit_get=True)
                if response is not None:
                    return response
                break
        return self.get_response(request)
