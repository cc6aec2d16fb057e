"""The council's side of provider accounts, in the Wagtail admin.

- Providers ▸ Invitations: an editor invites a person by email to one or more organisations.
- Providers ▸ Members: who keeps which organisation's records; untick "active" to stop someone.
- Providers ▸ Place changes: a provider's new or changed place, approved or sent back with a reason.
- Reports ▸ Out-of-date services: services overdue for review by the council's number of weeks
  (Settings ▸ Service reviews), the ones families are warned about.

A provider's service changes need nothing here: they arrive as revisions in the page moderation
workflow, with Wagtail's own comparison, approval and "request changes" with a comment.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import Page
from wagtail.permissions import policy_registry

from localoffer.reports import ReviewDueReportView

from . import services
from .api import stale_after
from .models import LocationRequest, ProviderInvitation, ProviderMembership


class InvitationCreateView(CreateView):
    def save_instance(self):
        invitation = self.form.save(commit=False)
        invitation.email = invitation.email.strip().lower()
        invitation.invited_by = self.request.user
        invitation.save()
        self.form.save_m2m()
        services.send_invitation(invitation, self.request)
        return invitation

    def get_success_message(self, instance):
        return f"Invitation sent to {instance.email}"


class ProviderInvitationViewSet(ModelViewSet):
    model = ProviderInvitation
    name = "provider_invitations"
    icon = "mail"
    menu_label = "Invitations"
    add_view_class = InvitationCreateView
    form_fields = ["email", "organizations"]
    list_display = ["email", "created_at", "expires_at", "accepted_at"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        form_class.base_fields["organizations"].widget = forms.CheckboxSelectMultiple()
        form_class.base_fields["organizations"].queryset = form_class.base_fields["organizations"].queryset.order_by(
            "name"
        )
        return form_class


class ProviderMembershipViewSet(ModelViewSet):
    model = ProviderMembership
    name = "provider_members"
    icon = "user"
    menu_label = "Members"
    form_fields = ["is_active"]
    list_display = ["user", "organization", "is_active", "created_at"]
    list_filter = ["organization", "is_active"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True


class LocationRequestViewSet(ModelViewSet):
    model = LocationRequest
    name = "provider_place_changes"
    icon = "site"
    menu_label = "Place changes"
    form_fields = ["reason"]
    list_display = [
        TitleColumn(
            "name", label="Place", get_url=lambda change: reverse("providers_decide_location", args=[change.pk])
        ),
        "organization",
        "status",
        "submitted_by",
        "submitted_at",
    ]
    list_filter = ["status"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_enabled = False


class ProvidersGroup(ModelViewSetGroup):
    menu_label = "Providers"
    menu_icon = "group"
    menu_order = 250
    items = (ProviderInvitationViewSet, ProviderMembershipViewSet, LocationRequestViewSet)


@hooks.register("register_admin_viewset")
def register_provider_viewsets():
    return ProvidersGroup()


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea, help_text="The provider receives this by email and sees it on their page"
    )


def decide_location_request(request, pk):
    """Approve a provider's place change (copied onto the place) or send it back with a reason."""
    if not request.user.has_perm("providers.change_locationrequest"):
        raise PermissionDenied
    location_request = get_object_or_404(LocationRequest, pk=pk)
    form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST" and location_request.status == LocationRequest.PENDING:
        try:
            if request.POST.get("action") == "approve":
                services.approve_location_request(location_request=location_request, editor=request.user)
                messages.success(request, f"{location_request.name} approved and published")
                return redirect("provider_place_changes:index")
            if form.is_valid():
                services.reject_location_request(
                    location_request=location_request, editor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{location_request.name} sent back to the provider")
                return redirect("provider_place_changes:index")
        except services.ProviderError as error:
            messages.error(request, str(error))
        except forms.ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return TemplateResponse(
        request,
        "providers/admin/decide_location.html",
        {"location_request": location_request, "form": form, "changes": location_request.changes()},
    )


class StaleServicesReportView(ReviewDueReportView):
    page_title = "Out-of-date services"
    index_url_name = "providers_stale_services"
    index_results_url_name = "providers_stale_services_results"

    def get_filename(self):
        return f"out-of-date-services-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        # The same rule as providers.api.is_stale: overdue by more than the council's number of weeks.
        return super().get_queryset().filter(review_due_on__lt=timezone.localdate() - stale_after())


@hooks.register("register_admin_urls")
def register_provider_admin_urls():
    return [
        path("providers/place-changes/<int:pk>/decide/", decide_location_request, name="providers_decide_location"),
        path("reports/out-of-date/", StaleServicesReportView.as_view(), name="providers_stale_services"),
        path(
            "reports/out-of-date/results/",
            StaleServicesReportView.as_view(results_only=True),
            name="providers_stale_services_results",
        ),
    ]


class StaleMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_reports_menu_item")
def register_stale_report_menu_item():
    return StaleMenuItem(
        "Out-of-date services",
        reverse("providers_stale_services"),
        name="out-of-date-services",
        icon_name="warning",
        order=1051,
    )
