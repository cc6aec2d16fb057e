"""Council officers create and review budgets, councils and spending rules in the Wagtail admin.

Every admin screen of these models sits behind its council's wall, drawn once by the permission
policies in `budgets/permissions.py`:

- listings, choosers and bulk actions ask the policy which objects the person may see;
- every view of one object (edit, delete, history, usage, copy, inspect, ...) looks the object up
  inside the wall, so another council's object is a 404 whatever the view;
- form choices (council, the budget's holder, a council's officers) offer only what is inside the wall;
- every save and delete goes through `budgets/services.py` (Wagtail's action registry hands it over),
  which checks the wall again and writes an `AuditEvent` with the record before and after.
"""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.actions.create import CreateAction
from wagtail.actions.delete import DeleteAction
from wagtail.actions.edit import EditAction
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import DeleteView as GenericDeleteView
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from budgets import services
from budgets.models import Budget, Council, SpendingRule
from budgets.permissions import BudgetPartPolicy, CouncilPolicy, CouncilWallPolicy, councils_for
from budgets.returns.models import MonitoringReturn, ReturnSchedule

# Registered before any viewset asks for them (Wagtail refuses a late registration).
register_permission_policy(Budget, CouncilWallPolicy(Budget))
register_permission_policy(SpendingRule, CouncilWallPolicy(SpendingRule))
register_permission_policy(Council, CouncilPolicy(Council))
register_permission_policy(ReturnSchedule, BudgetPartPolicy(ReturnSchedule))
register_permission_policy(MonitoringReturn, BudgetPartPolicy(MonitoringReturn))

WALLED_MODELS = (Budget, SpendingRule, Council)
ANY_ACTION = ["add", "change", "delete", "view"]


def walled_objects(user, model):
    """What `user` may see of `model`, as its permission policy says."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ANY_ACTION)


# Views ----------------------------------------------------------------------------------------------


class WalledObjectMixin:
    """Looks every object up inside the wall: another council's object is a 404, never a 200 or a
    redirect that tells it exists. Refusals from the service layer come back as a message."""

    def get_object(self, *args, **kwargs):
        try:
            obj = super().get_object(*args, **kwargs)
        except PermissionDenied as denied:  # e.g. Wagtail's copy view checks the instance itself
            raise Http404 from denied
        if (
            getattr(obj, "pk", None) is not None
            and not walled_objects(self.request.user, type(obj)).filter(pk=obj.pk).exists()
        ):
            raise Http404
        return obj

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.BudgetError as error:
            if not isinstance(self, GenericDeleteView):
                form.add_error(None, str(error))
                return self.form_invalid(form)
            messages.error(self.request, str(error))
            return redirect(self.request.get_full_path())


class WalledChooserMixin:
    """Choosers list, and hand back, only what the person may see."""

    def walled(self):
        return walled_objects(self.request.user, self.model_class)

    def get_object_list(self):
        return self.walled()

    def get_object(self, pk):
        return self.walled().get(pk=pk)

    def get_objects(self, pks):
        return self.walled().filter(pk__in=pks)

    def can_create(self):
        return False  # records are created on their own, walled, add page


def _walled(mixin, view_class):
    return type(f"Walled{view_class.__name__}", (mixin, view_class), {})


class WalledChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_walled(WalledChooserMixin, view_class), **kwargs)


class WalledSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose every view, present and future, is behind the model's policy."""

    chooser_viewset_class = WalledChooserViewSet

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_walled(WalledObjectMixin, view_class), **kwargs)

    def get_queryset(self, request):
        return walled_objects(request.user, self.model)


def _scoped_form(form_class, scope_fields):
    class WalledForm(form_class):
        def __init__(self, *args, for_user=None, **kwargs):
            super().__init__(*args, for_user=for_user, **kwargs)
            scope_fields(self, for_user)

    WalledForm.__name__ = form_class.__name__
    return WalledForm


def _officer_choices(request):
    return councils_for(request.user) if request is not None else Council.objects.none()


# Budgets --------------------------------------------------------------------------------------------


def _scope_budget_fields(form, user):
    User = get_user_model()
    if "council" in form.fields:
        form.fields["council"].queryset = councils_for(user)
    if "holder" in form.fields:
        budget = form.instance
        if budget.pk:  # the budget's own people: its family members and whoever holds it now
            people = Q(budget_memberships__budget=budget) | Q(pk=budget.holder_id)
        else:  # a new budget: people already in a budget of the officer's councils
            people = Q(budget_memberships__budget__council__in=councils_for(user))
        form.fields["holder"].queryset = User.objects.filter(people).distinct().order_by("email")


class BudgetFilterSet(WagtailFilterSet):
    council = django_filters.ModelChoiceFilter(queryset=_officer_choices)

    class Meta:
        model = Budget
        fields = ["council", "holding_arrangement", "monitoring_tier"]


class BudgetViewSet(WalledSnippetViewSet):
    model = Budget
    icon = "user"
    menu_label = "Budgets"
    list_display = ["holder_name", "council", "starts_on", "ends_on", "holding_arrangement", "monitoring_tier"]
    filterset_class = BudgetFilterSet
    search_fields = ["holder_name", "reference"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("council")

    def get_form_class(self, for_update=False):
        return _scoped_form(super().get_form_class(for_update), _scope_budget_fields)


# Spending rules -------------------------------------------------------------------------------------


def _scope_rule_fields(form, user):
    if "council" in form.fields:
        form.fields["council"].queryset = councils_for(user)


class SpendingRuleFilterSet(WagtailFilterSet):
    council = django_filters.ModelChoiceFilter(queryset=_officer_choices)

    class Meta:
        model = SpendingRule
        fields = ["council", "kind", "is_active"]


class SpendingRuleViewSet(WalledSnippetViewSet):
    model = SpendingRule
    icon = "warning"
    menu_label = "Spending rules"
    list_display = ["name", "council", "kind", "is_active"]
    filterset_class = SpendingRuleFilterSet

    def get_form_class(self, for_update=False):
        return _scoped_form(super().get_form_class(for_update), _scope_rule_fields)


# Councils -------------------------------------------------------------------------------------------


def _scope_council_fields(form, user):
    if "officers" in form.fields and not (user is not None and user.is_superuser):
        # An officer may add or remove colleagues who already cover one of their councils, never pick
        # from every account on the site.
        form.fields["officers"].queryset = (
            get_user_model().objects.filter(budget_councils__in=councils_for(user)).distinct().order_by("email")
        )


class CouncilViewSet(WalledSnippetViewSet):
    model = Council
    icon = "site"
    menu_label = "Councils"

    def get_form_class(self, for_update=False):
        return _scoped_form(super().get_form_class(for_update), _scope_council_fields)


class PersonalBudgetsGroup(SnippetViewSetGroup):
    menu_label = "Personal budgets"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (BudgetViewSet, SpendingRuleViewSet, CouncilViewSet)


register_snippet(PersonalBudgetsGroup)


# Saving and deleting through the service layer --------------------------------------------------------
# Wagtail's generic views save and delete through the actions registered for a model. These hand the
# work to `services`, which checks the wall again, keeps the change atomic and audits it. Wagtail's own
# log is not written for these models: it is listed site-wide by model (its "Site history" report would
# show one council's children's names to another's officers); the `AuditEvent` trail replaces it.


class _ServiceSaveMixin:
    def __init__(self, instance, user=None, **kwargs):
        kwargs["log_action"] = False
        super().__init__(instance, user=user, **kwargs)

    def _save_instance(self):
        self.instance = services.save_council_record(instance=self.instance, form=self.form, actor=self.user)


class CouncilRecordCreateAction(_ServiceSaveMixin, CreateAction):
    pass


class CouncilRecordEditAction(_ServiceSaveMixin, EditAction):
    pass


class CouncilRecordDeleteAction(DeleteAction):
    def __init__(self, instance, user=None, **kwargs):
        kwargs["log_action"] = False
        super().__init__(instance, user=user, **kwargs)

    def _delete(self):
        services.delete_council_record(instance=self.instance, actor=self.user)


@hooks.register("register_actions")
def register_council_record_actions(registry):
    for model in WALLED_MODELS:
        registry.register(model, CouncilRecordCreateAction)
        registry.register(model, CouncilRecordEditAction)
        registry.register(model, CouncilRecordDeleteAction)


class WalledDeleteBulkAction(DeleteBulkAction):
    """Bulk delete that never names another council's objects (Wagtail lists the ones a person may not
    delete), and deletes each through the service layer."""

    models = WALLED_MODELS

    @cached_property
    def _actionable_objects(self):
        ids = self.request.GET.getlist("id")
        walled = walled_objects(self.request.user, self.model)
        objects = list(walled if "all" in ids else walled.filter(pk__in=[i for i in ids if i.isdigit()]))
        if not objects:
            raise Http404
        allowed = [o for o in objects if self.check_perm(o)]
        return allowed, {"items_with_no_access": [o for o in objects if o not in allowed]}

    @classmethod
    def execute_action(cls, objects, **kwargs):
        action = kwargs["self"]
        deleted = 0
        for instance in objects:
            try:
                services.delete_council_record(instance=instance, actor=action.request.user)
            except services.BudgetError as error:
                messages.error(action.request, str(error))
                continue
            deleted += 1
        return deleted, 0


# Registered after Wagtail's own snippet delete, which it replaces for these models.
hooks.register("register_bulk_action", WalledDeleteBulkAction, order=100)


# Monitoring returns: the officer's overview, review (approve / query) and schedules; personal budget
# requests and moving to adulthood: the officer's queue and the prompts before an 18th birthday.
from budgets.requests import admin as request_admin  # noqa: E402, F401
from budgets.returns import admin as return_admin  # noqa: E402, F401
