from django_tasks import task

from . import forwarding


@task()
def forward_problem_report(report_id: int) -> int:
    """Tell the provider about a problem reported with their service page (idempotent)."""
    return len(forwarding.forward_to_provider(report_id))
