"""Editors and moderators invite providers and decide their place changes (model permissions, granted
after every `migrate` as localoffer/permissions.py does for the directory's snippets)."""

from django.contrib.auth.models import Group, Permission

CODENAMES = [
    "add_providerinvitation",
    "view_providerinvitation",
    "change_providerinvitation",
    "view_providermembership",
    "change_providermembership",
    "view_locationrequest",
    "change_locationrequest",
]
GROUPS = ["Editors", "Moderators"]


def grant_invitation_permissions(**kwargs):
    permissions = Permission.objects.filter(content_type__app_label="providers", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)
