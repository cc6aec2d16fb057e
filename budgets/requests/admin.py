"""The officer's side of personal budget requests and moving to adulthood, in the Wagtail admin.

Imported from budgets/wagtail_hooks.py. Two ModelViewSets: the request queue (received, being
considered, agreed, set up, declined) and the prompts before an 18th birthday. Both sit behind the
council wall (`budgets.permissions.councils_for`): listings show only the officer's councils, and every
view of one object looks it up inside the wall, so another council's request is a 404. A family's
unsent answers are never shown. Nobody adds or deletes here: requests come from families and prompts
from the daily task; the "edit" screen is the officer's next step, taken through
budgets/requests/services.py (atomic, audited, one email to the family).
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from budgets.permissions import BudgetPartPolicy, CouncilWallPolicy, councils_for
from budgets.requests import services as requesting
from budgets.requests.models import AdulthoodPrompt, BudgetRequest


class RequestPolicy(CouncilWallPolicy):
    """Sent requests of the officer's councils; never added or deleted in the admin."""

    def walled(self, user, queryset):
        return super().walled(user, queryset).filter(submitted_at__isnull=False)

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if instance.pk is None or instance.submitted_at is None:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


class PromptPolicy(BudgetPartPolicy):
    """Prompts come from the daily task, never added or deleted in the admin."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


register_permission_policy(BudgetRequest, RequestPolicy(BudgetRequest))
register_permission_policy(AdulthoodPrompt, PromptPolicy(AdulthoodPrompt))


class WalledViewMixin:
    """Every view of these models, listing or single object, inside the council wall."""

    def walled_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["add", "change", "delete", "view"]
        )

    def dispatch(self, request, *args, **kwargs):
        # Before the permission check, so a person who may not see the object is told nothing of it.
        pk = kwargs.get("pk")
        if pk is not None and not self.walled_queryset().filter(pk=pk).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, *args, **kwargs):
        try:
            obj = super().get_object(*args, **kwargs)
        except PermissionDenied as denied:
            raise Http404 from denied
        if not self.walled_queryset().filter(pk=obj.pk).exists():
            raise Http404
        return obj


class WalledListingMixin:
    """The listing starts from the wall (history views have their own base queryset: the log)."""

    def get_base_queryset(self):
        return self.walled_queryset()


class StepView:
    """The "edit" screen is the next step: a plain form whose valid answer goes to a service function;
    a refusal (out of order, a decline with no reason) comes back as the form's error."""

    step_form_class = None  # not form_class: the viewset hands every edit view its model form under that name

    def get_form_class(self):
        return self.step_form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["item"] = self.object
        return kwargs

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.take_step(form.cleaned_data)
        except requesting.RequestError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.done_message())
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])


class DecisionForm(forms.Form):
    step = forms.ChoiceField(
        label="What happens next",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next to this request"},
    )
    reason = forms.CharField(
        label="Reason for declining",
        help_text="Needed to decline. Sent to the family in plain English; they may ask for a review.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        steps = requesting.allowed_steps(item) if item is not None else ()
        self.fields["step"].choices = [(step, BudgetRequest.Status(step).label) for step in steps] or [
            ("", "Nothing more: this request is finished")
        ]
        if item is not None:
            self.fields["step"].error_messages["invalid_choice"] = requesting.next_steps_message(item)

    def clean(self):
        data = super().clean()
        if data.get("step") == BudgetRequest.Status.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", "Give the reason the request is declined: the family is sent it")
        return data


class PromptForm(forms.Form):
    note = forms.CharField(
        label="What has been done",
        help_text="For example, the adult social care assessment is booked for 3 March",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)


class WalledModelViewSet(ModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True

    def construct_view(self, view_class, **kwargs):
        mixins = (WalledViewMixin,)
        if view_class is self.edit_view_class:
            mixins = (WalledViewMixin, self.step_view_mixin)
        elif issubclass(view_class, IndexView):
            mixins = (WalledViewMixin, WalledListingMixin)
        walled = type(f"Walled{view_class.__name__}", (*mixins, view_class), {"__module__": __name__})
        return super().construct_view(walled, **kwargs)


def _officer_councils(request):
    return councils_for(request.user) if request is not None else BudgetRequest.objects.none()


class RequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=BudgetRequest.Status.choices, empty_label="Any status")
    council = django_filters.ModelChoiceFilter(queryset=_officer_councils)

    class Meta:
        model = BudgetRequest
        fields = ["status", "council"]


class RequestStepView(StepView):
    step_form_class = DecisionForm

    def take_step(self, data):
        return requesting.move_request(
            item=self.object, actor=self.request.user, step=data["step"], reason=data.get("reason", "")
        )

    def done_message(self):
        item = self.object
        if item.status == BudgetRequest.Status.AGREED and item.budget_id:
            return (
                f"{item} agreed; the family has been emailed. {item.child_name}'s budget is created with the "
                "family as a member: add its amounts and provision in Personal budgets."
            )
        return f"{item}: the family has been emailed."


class BudgetRequestViewSet(WalledModelViewSet):
    model = BudgetRequest
    name = "budget_requests"
    icon = "form"
    menu_label = "Budget requests"
    step_view_mixin = RequestStepView
    list_display = [
        "child_name",
        "council",
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("submitted_at", label="Received"),
        DateColumn("decided_at", label="Decided"),
    ]
    filterset_class = RequestFilterSet
    ordering = ["-submitted_at"]
    edit_template_name = "budgets/requests/admin_step.html"
    inspect_view_fields = [
        "status",
        "council",
        "asked_by",
        "child_name",
        "child_date_of_birth",
        "plan",
        "plan_reference",
        "wishes",
        "holding_arrangement",
        "consent_given_at",
        "submitted_at",
        "considering_at",
        "decided_at",
        "decline_reason",
        "review_requested_at",
        "review_reason",
        "set_up_at",
        "budget",
    ]
    form_fields = []


class PromptStepView(StepView):
    step_form_class = PromptForm

    def take_step(self, data):
        return requesting.deal_with_prompt(prompt=self.object, actor=self.request.user, note=data.get("note", ""))

    def done_message(self):
        return f"{self.object}: marked as dealt with."


class AdulthoodPromptViewSet(WalledModelViewSet):
    model = AdulthoodPrompt
    name = "adulthood_prompts"
    icon = "date"
    menu_label = "Turning 18"
    step_view_mixin = PromptStepView
    list_display = [
        "budget",
        DateColumn("eighteenth_birthday", label="18th birthday"),
        DateColumn("created_at", label="Prompted"),
        DateColumn("dealt_with_at", label="Dealt with"),
    ]
    list_filter = []
    edit_template_name = "budgets/requests/admin_step.html"
    inspect_view_fields = ["budget", "eighteenth_birthday", "created_at", "dealt_with_at", "dealt_with_by", "note"]
    form_fields = []


class RequestsGroup(ViewSetGroup):
    menu_label = "Budget requests"
    menu_icon = "form"
    menu_order = 255
    items = (BudgetRequestViewSet, AdulthoodPromptViewSet)


@hooks.register("register_admin_viewset")
def register_request_viewsets():
    return RequestsGroup()
