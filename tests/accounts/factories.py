"""People for the sign-in tests: families, and each kind of council staff."""

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group, Permission

from tests.budgets.factories import PASSWORD, CouncilFactory, UserFactory

__all__ = ["PASSWORD", "UserFactory", "staff_user", "with_authenticator", "code_for", "recovery_codes_for"]

STAFF_KINDS = ["is_staff", "superuser", "admin_access_permission", "any_group", "council_officer"]


def staff_user(kind: str, username: str | None = None):
    """A council staff member of one kind, with no authenticator app yet."""
    user = UserFactory(username=username or f"staff-{kind.replace('_', '-')}")
    if kind == "is_staff":
        user.is_staff = True
        user.save()
    elif kind == "superuser":
        user.is_staff = user.is_superuser = True
        user.save()
    elif kind == "admin_access_permission":
        access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        user.user_permissions.add(access)
    elif kind == "any_group":
        user.groups.add(Group.objects.get_or_create(name="Service providers")[0])
    elif kind == "council_officer":
        CouncilFactory(name="Camden Council").officers.add(user)
    else:
        raise ValueError(kind)
    return user


def with_authenticator(user) -> str:
    """Set up an authenticator app for `user`; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def code_for(secret: str, periods_ahead: int = 0) -> str:
    """The app's code now (or a later 30-second period's: a code once used is refused again)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + periods_ahead))


def recovery_codes_for(user) -> list[str]:
    return RecoveryCodes.activate(user).get_unused_codes()
