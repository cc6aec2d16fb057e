"""Provider accounts follow what happens elsewhere: an email address confirmed (an invitation accepted),
a change sent back or approved in the moderation workflow (the provider is told)."""


def _email_confirmed(request, email_address, **kwargs):
    from .services import accept_invitations_for_email

    accept_invitations_for_email(email_address.user, email_address.email)


def _membership_saved(sender, instance, created, raw=False, **kwargs):
    """Wagtail's own workflow emails point at the admin, which a provider cannot open: the provider
    hears about their changes from providers/services.py instead, so Wagtail's are switched off."""
    if raw or not created:
        return
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(instance.user)
    profile.submitted_notifications = profile.approved_notifications = profile.rejected_notifications = False
    profile.updated_comments_notifications = False
    profile.save()


def connect() -> None:
    from django.db.models.signals import post_save

    from .models import ProviderMembership

    post_save.connect(_membership_saved, sender=ProviderMembership, dispatch_uid="providers.membership_saved")
    from allauth.account.signals import email_confirmed
    from wagtail.signals import task_rejected, workflow_approved

    from .services import on_task_rejected, on_workflow_approved

    email_confirmed.connect(_email_confirmed, dispatch_uid="providers.email_confirmed")
    task_rejected.connect(on_task_rejected, dispatch_uid="providers.task_rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="providers.workflow_approved")
