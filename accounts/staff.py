"""Who counts as council staff, and whether this session has passed their second factor.

Staff are held to a stricter sign-in than families: anyone who can reach the Wagtail admin, belongs to
any group, or reviews a council's budgets must have set up an authenticator app *and* used it (or a
recovery code) in the session they are using now. Owning a device is not enough: a password alone
must never open a staff page.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator


def is_council_staff(user) -> bool:
    """Anyone who can see other people's data: admin users, any group member, any council's officer."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if user.groups.exists():
        return True
    # Council.officers (budgets) through its reverse accessor: budgets calls accounts (the security
    # log), so accounts does not import budgets back.
    if user.budget_councils.exists():
        return True
    return user.has_perm("wagtailadmin.access_admin")


def has_authenticator(user) -> bool:
    """An authenticator app is set up (recovery codes alone are a fallback, not a second factor)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_mfa_this_session(request) -> bool:
    """allauth records each way the person proved who they are in this session; one must be "mfa"."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def grant_to_groups(app_label: str, group_permissions: dict[str, list[str]]) -> None:
    """Give each named Wagtail group these model permissions of one app. Run after every `migrate`
    (post_migrate receivers in each app): idempotent, existing grants kept, a missing group skipped."""
    from django.contrib.auth.models import Group, Permission

    for group in Group.objects.filter(name__in=group_permissions):
        codenames = group_permissions[group.name]
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
