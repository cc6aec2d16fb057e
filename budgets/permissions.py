"""Who may see and change a budget. Anything a person may not see is a 404, never a 403.

Two kinds of people reach a budget: the family (through a `BudgetMembership`) and the council's budget
officers (through `Council.officers`). `councils_for` is the one answer to "which councils does this
officer cover"; the family pages, the officer's overview, the Wagtail admin's permission policies and
the service layer all ask it, so a council's wall is drawn in one place.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy

from budgets.models import Budget, BudgetMembership, Council


def councils_for(user):
    """The councils whose budgets, rules and schedules this person works on as an officer.

    An officer covers the councils that list them in `Council.officers`; a superuser covers every
    council. Group membership alone covers none: being in "Budget officers" says what kind of change a
    person may make, never whose budgets they may make it to.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Council.objects.none()
    if user.is_superuser:
        return Council.objects.all()
    return Council.objects.filter(officers=user)


def covers(user, council_id) -> bool:
    """Whether `user` is an officer (or superuser) for the council with this id."""
    return council_id is not None and councils_for(user).filter(pk=council_id).exists()


def officer_budgets(user):
    """Every budget in the councils this officer covers."""
    return Budget.objects.filter(council__in=councils_for(user))


def visible_budgets(user):
    if not user.is_authenticated:
        return Budget.objects.none()
    return Budget.objects.filter(Q(memberships__user=user) | Q(council__in=councils_for(user))).distinct()


@dataclass
class Access:
    budget: Budget
    membership: BudgetMembership | None
    is_officer: bool

    @property
    def can_manage(self) -> bool:
        return self.membership is not None and self.membership.can_manage

    @property
    def is_young_person(self) -> bool:
        return self.membership is not None and self.membership.role == BudgetMembership.Role.YOUNG_PERSON


def access_for(user, budget_uuid) -> Access:
    budget = Budget.objects.select_related("council").filter(uuid=budget_uuid).first()
    if budget is None or not user.is_authenticated:
        raise Http404("No such budget")
    membership = budget.memberships.filter(user=user).select_related("budget").first()
    is_officer = covers(user, budget.council_id)
    if membership is None and not is_officer:
        raise Http404("No such budget")
    return Access(budget=budget, membership=membership, is_officer=is_officer)


def budget_view(manage: bool = False):
    """Resolve `budget` (a UUID) to an Access for the signed-in person; `manage` views need a manager.

    The view receives `access` in place of the UUID. `view.manage` tells the permission test what to expect.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, budget, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = access_for(request.user, budget)
            if manage and not access.can_manage:
                raise PermissionDenied("You can look at this budget but not change it")
            return view(request, access, **kwargs)

        wrapped.manage = manage
        return wrapped

    return decorator


# The Wagtail admin ------------------------------------------------------------------------------------


class CouncilWallPolicy(ModelPermissionPolicy):
    """Django's model permissions say what kind of change a person may make (add, change, delete, view);
    the council wall says to which objects: only those of the councils `councils_for` gives them.

    Wagtail asks a model's registered policy for `instances_user_has_permission_for` (listings, choosers,
    bulk actions) and `user_has_permission_for_instance` (single objects), so every admin view of the
    model is walled by this one class. `council_path` is the lookup from the model to its `Council`.
    """

    council_path = "council"

    def council_id_of(self, instance):
        return instance.council_id

    def walled(self, user, queryset):
        return queryset.filter(**{f"{self.council_path}__in": councils_for(user)})

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.walled(user, self.model._default_manager.all())

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        council_id = self.council_id_of(instance)
        if council_id is None:  # not yet given a council: the form's scoped choices decide
            return instance.pk is None
        return covers(user, council_id)

    def users_with_any_permission_for_instance(self, actions, instance):
        council_id = self.council_id_of(instance)
        return (
            self.users_with_any_permission(actions)
            .filter(Q(is_superuser=True) | Q(budget_councils__pk=council_id))
            .distinct()
        )


class CouncilPolicy(CouncilWallPolicy):
    """A council is inside its own wall; only a superuser may add one."""

    council_path = "pk"

    def council_id_of(self, instance):
        return instance.pk

    def user_has_permission_for_instance(self, user, action, instance):
        if instance.pk is None:
            return user.is_active and user.is_superuser
        return super().user_has_permission_for_instance(user, action, instance)


class BudgetPartPolicy(CouncilWallPolicy):
    """Things that belong to one budget (its return schedule, its monitoring returns)."""

    council_path = "budget__council"

    def council_id_of(self, instance):
        return Budget.objects.filter(pk=instance.budget_id).values_list("council_id", flat=True).first()
