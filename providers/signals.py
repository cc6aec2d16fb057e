"""Provider accounts follow what happens elsewhere: an email address confirmed (an invitation accepted),
a change sent back or approved in the moderation workflow (the provider is told)."""


def _email_confirmed(request, email_address, **kwargs):
    from .services import accept_invitations_for_email

    accept_invitations_for_email(email_address.user, email_address.email)


def connect() -> None:
    from allauth.account.signals import email_confirmed
    from wagtail.signals import task_rejected, workflow_approved

    from .services import on_task_rejected, on_workflow_approved

    email_confirmed.connect(_email_confirmed, dispatch_uid="providers.email_confirmed")
    task_rejected.connect(on_task_rejected, dispatch_uid="providers.task_rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="providers.workflow_approved")
