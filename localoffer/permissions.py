"""Wagtail's "Editors" and "Moderators" groups may manage the directory's snippets.

Wagtail's own migrations give both groups page permissions on the root page; directory data
(organisations, locations, taxonomies) and "you said, we did" moderation are snippets, so their model
permissions are granted here after every `migrate` (idempotent: existing grants are kept).
"""

from accounts.staff import grant_to_groups

DIRECTORY_MODELS = ["organization", "location", "taxonomy", "taxonomyterm"]
GROUP_PERMISSIONS = {
    "Editors": [f"{action}_{model}" for model in DIRECTORY_MODELS for action in ("add", "change", "view")],
    "Moderators": [f"{action}_{model}" for model in DIRECTORY_MODELS for action in ("add", "change", "delete", "view")]
    + ["change_feedback", "view_feedback", "delete_feedback"],
}


def grant_directory_permissions(**kwargs):
    grant_to_groups("localoffer", GROUP_PERMISSIONS)
