"""Editors and moderators invite providers and decide their place changes (model permissions, granted
after every `migrate` as localoffer/permissions.py does for the directory's snippets)."""

from accounts.staff import grant_to_groups

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
    grant_to_groups("providers", GROUP_PERMISSIONS)
