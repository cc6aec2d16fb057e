"""Council officers create and review budgets, councils and spending rules in the Wagtail admin."""

from django.db.models import Q
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from budgets.models import Budget, Council, SpendingRule


def _councils_for(user):
    if user.is_superuser:
        return Council.objects.all()
    return Council.objects.filter(officers=user)


class BudgetViewSet(SnippetViewSet):
    model = Budget
    icon = "user"
    menu_label = "Budgets"
    list_display = ["holder_name", "council", "starts_on", "ends_on", "holding_arrangement", "monitoring_tier"]
    list_filter = ["council", "holding_arrangement", "monitoring_tier"]
    search_fields = ["holder_name", "reference"]

    def get_queryset(self, request):
        return Budget.objects.filter(council__in=_councils_for(request.user)).select_related("council")

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class BudgetForm(form_class):
            def __init__(self, *args, for_user=None, **kwargs):
                super().__init__(*args, for_user=for_user, **kwargs)
                if for_user is not None and "council" in self.fields:
                    self.fields["council"].queryset = _councils_for(for_user)

        return BudgetForm


class SpendingRuleViewSet(SnippetViewSet):
    model = SpendingRule
    icon = "warning"
    menu_label = "Spending rules"
    list_display = ["name", "council", "kind", "is_active"]
    list_filter = ["council", "kind", "is_active"]

    def get_queryset(self, request):
        return SpendingRule.objects.filter(council__in=_councils_for(request.user))


class CouncilViewSet(SnippetViewSet):
    model = Council
    icon = "site"
    menu_label = "Councils"

    def get_queryset(self, request):
        if request.user.is_superuser:
            return Council.objects.all()
        return Council.objects.filter(Q(officers=request.user)).distinct()


class PersonalBudgetsGroup(SnippetViewSetGroup):
    menu_label = "Personal budgets"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (BudgetViewSet, SpendingRuleViewSet, CouncilViewSet)


register_snippet(PersonalBudgetsGroup)

# Monitoring returns: the officer's overview, review (approve / query) and schedules (issue 5).
from budgets import wagtail_hooks_returns  # noqa: E402, F401
