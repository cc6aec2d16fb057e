import pytest
from django.contrib.auth.models import Permission

from tests.localoffer.conftest import _staff, editor, moderator, superuser  # noqa: F401 - fixtures shared


@pytest.fixture
def admin_without_queue(db):
    """Someone who may use the admin (and edit budgets' pages, say) but was given nothing on the queue."""
    user = _staff("officer")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
