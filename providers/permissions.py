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
# Moderators also set when families are told a service may be out of date (Settings ▸ Service reviews).
GROUP_PERMISSIONS = {"Editors": CODENAMES, "Moderators": [*CODENAMES, "change_reviewsettings"]}


def grant_invitation_permissions(**kwargs):
    for group in Group.objects.filter(name__in=GROUP_PERMISSIONS):
        codenames = GROUP_PERMISSIONS[group.name]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="providers", codename__in=codenames))
