"""Editors and moderators work through the queue of problems reported; nobody adds a report in the admin
(they come from the public form), so "add" is granted to no group and refused by the policy."""

from wagtail.permission_policies import ModelPermissionPolicy

from accounts.staff import grant_to_groups

QUEUE_PERMISSIONS = ["view_problemreport", "change_problemreport"]
GROUP_PERMISSIONS = {"Editors": QUEUE_PERMISSIONS, "Moderators": [*QUEUE_PERMISSIONS, "delete_problemreport"]}


def grant_problem_permissions(**kwargs):
    grant_to_groups("problems", GROUP_PERMISSIONS)


class ProblemReportPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])
