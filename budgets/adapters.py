"""allauth adapter: where people land after signing in, and who counts as council staff."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse


def is_council_staff(user) -> bool:
    """Editors, moderators and budget officers: anyone who can reach the admin or review budgets."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.COUNCIL_STAFF_GROUPS).exists()


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        user = request.user
        if is_council_staff(user) and not has_mfa(user):
            return reverse("mfa_activate_totp")
        return super().get_login_redirect_url(request)
