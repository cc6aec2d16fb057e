"""Who may see and change a budget. Anything a person may not see is a 404, never a 403."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from budgets.models import Budget, BudgetMembership


def visible_budgets(user):
    if not user.is_authenticated:
        return Budget.objects.none()
    return Budget.objects.filter(Q(memberships__user=user) | Q(council__officers=user)).distinct()


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
    is_officer = budget.council.officers.filter(pk=user.pk).exists()
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
