"""Sign-in events from allauth's signals, written to the security log.

Failures and lockouts are logged by the adapter (accounts.adapters), which sees them as they happen.
"""

from allauth.account import signals as account_signals
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from accounts import security_log


def _methods(request) -> list[str]:
    return sorted({r.get("method", "") for r in get_authentication_records(request, request.user)})


@receiver(account_signals.user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    security_log.record("sign_in", request=request, user=user, methods=_methods(request))


@receiver(auth_signals.user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    if request is not None:
        security_log.record("sign_out", request=request, user=user)


@receiver(mfa_signals.authenticator_used)
def log_mfa_passed(sender, request, user, authenticator, reauthenticated=False, **kwargs):
    security_log.record(
        "mfa_passed", request=request, user=user, type=authenticator.type, reauthenticated=bool(reauthenticated)
    )


@receiver(mfa_signals.authentication_failed)
def log_mfa_failed(sender, request, user, authenticator, **kwargs):
    security_log.record(
        "mfa_failed",
        request=request,
        user=user,
        type=authenticator.type,
        reauthenticated=bool(kwargs.get("reauthentication")),
    )


@receiver(mfa_signals.authenticator_added)
def log_authenticator_added(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app means typing a code from it: that is this session's second factor."""
    security_log.record("mfa_added", request=request, user=user, type=authenticator.type)
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True)


@receiver(mfa_signals.authenticator_removed)
def log_authenticator_removed(sender, request, user, authenticator, **kwargs):
    security_log.record("mfa_removed", request=request, user=user, type=authenticator.type)


@receiver(account_signals.password_changed)
def log_password_changed(sender, request, user, **kwargs):
    security_log.record("password_changed", request=request, user=user)


@receiver(account_signals.password_reset)
def log_password_reset(sender, request, user, **kwargs):
    security_log.record("password_reset", request=request, user=user)


@receiver(account_signals.user_signed_up)
def log_sign_up(sender, request, user, **kwargs):
    security_log.record("sign_up", request=request, user=user)
