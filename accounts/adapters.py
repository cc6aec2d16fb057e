"""allauth adapters: where people land after signing in, the client address, and security events.

Every sign-in, staff and family, goes through allauth (the other login forms are closed in
config/urls.py), so these hooks see every attempt.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import unstash_login
from allauth.core import context
from django.urls import reverse

from accounts import security_log
from accounts.network import client_ip
from accounts.staff import has_authenticator, is_council_staff


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        user = request.user
        if is_council_staff(user) and not has_authenticator(user):
            return reverse("mfa_activate_totp")
        # A provider (providers.ProviderMembership, through its reverse accessor) lands on their services.
        if user.provider_memberships.filter(is_active=True).exists():
            return reverse("providers:dashboard")
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request):
        """allauth's rate limits key on this; the same function serves every other limiter."""
        return client_ip(request)

    def pre_authenticate(self, request, **credentials):
        self.typed_login_hash = _typed_login(credentials)
        super().pre_authenticate(request, **credentials)

    def validation_error(self, code, *args):
        """Too many failed passwords or codes: the lockout allauth applies at its forms is logged."""
        request = context.request
        if request is not None and code == "too_many_login_attempts":
            stage = "password" if getattr(self, "typed_login_hash", None) else "mfa"
            security_log.record(
                "lockout",
                request=request,
                user=_stage_user(request),
                login_hash=getattr(self, "typed_login_hash", None),
                stage=stage,
            )
        return super().validation_error(code, *args)

    def authentication_failed(self, request, **credentials):
        security_log.record("sign_in_failed", request=request, login_hash=_typed_login(credentials))
        super().authentication_failed(request, **credentials)


def _typed_login(credentials) -> str:
    return security_log.login_hash(credentials.get("email") or credentials.get("username") or "")


def _stage_user(request):
    """During sign-in the person is not logged in yet: allauth keeps who they are in the login stage."""
    if request.user.is_authenticated:
        return request.user
    login = unstash_login(request, peek=True)
    return login.user if login else None
