"""Council staff for admin tests: officers of a council, Wagtail editors and moderators, signed in as
if they had passed their password and their authenticator app in this session.

Staff must have passed MFA in the session, so signing in records both steps in allauth's own session
records (what allauth's login and MFA stages write) as well as having a TOTP device, which is what
the older staff check looks for."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission

from tests.budgets.factories import UserFactory

# What a council's budget officers may do in the admin: every change to budgets and rules, and to
# their own council. The council wall, not these, decides whose.
OFFICER_PERMISSIONS = [
    "access_admin",
    *(f"{action}_{model}" for model in ("budget", "spendingrule") for action in ("add", "change", "delete", "view")),
    "change_council",
    "view_council",
    # Requests for a personal budget and the prompts before 18: looked at and moved on, never added or deleted.
    *(f"{action}_{model}" for model in ("budgetrequest", "adulthoodprompt") for action in ("change", "view")),
]


def officer_group():
    group, _ = Group.objects.get_or_create(name="Budget officers")
    group.permissions.add(*Permission.objects.filter(codename__in=OFFICER_PERMISSIONS))
    return group


def staff_user(username, *, group=None, councils=(), **extra):
    user = UserFactory(username=username, **extra)
    if group is not None:
        user.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
    for council in councils:
        council.officers.add(user)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def sign_in_staff(client, user):
    """Sign `user` in with the password and authenticator-app steps both recorded for this session."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.username},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return client
