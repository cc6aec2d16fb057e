from pathlib import Path

import pytest

from tests.localoffer.conftest import _staff, editor, superuser  # noqa: F401 - fixtures shared
from tests.localoffer.factories import category

FIXTURES = Path(__file__).parent / "fixtures"
JANUARY = FIXTURES / "childcare_providers_2026_01.csv"
JANUARY_XLSX = FIXTURES / "childcare_providers_2026_01.xlsx"
FEBRUARY = FIXTURES / "childcare_providers_2026_02.csv"


@pytest.fixture
def childcare(directory):
    """The site with its directory and the childcare category that new registrations go in."""
    return category("childcare", "Childcare")
