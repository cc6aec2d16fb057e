"""The dashboard's figures on a known data set (tests/insight/conftest.py), the small-number rule
included: every count, rate and amount as the dashboard, the PDF and the spreadsheet all show it."""

import datetime
from decimal import Decimal

import pytest

from insight.figures import (
    NATIONAL_UPTAKE,
    SUPPRESSED,
    Period,
    build_pack,
    money,
    postcode_district,
    rate,
    suppress,
)
from localoffer.models import Feedback
from tests.insight.conftest import PERIOD

D = Decimal


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (123, 123)])
def test_one_to_four_people_are_shown_as_fewer_than_five(count, shown):
    assert suppress(count) == shown


def test_a_rate_or_amount_built_on_a_suppressed_count_is_suppressed_too():
    assert rate(3, 100) == SUPPRESSED
    assert rate(10, 4) == SUPPRESSED
    assert rate(5, 6) == D("83.3")
    assert rate(0, 0) is None
    assert money(D("803.28"), 1) == SUPPRESSED
    assert money(D("4016.4"), 5) == D("4016.40")


def test_postcode_districts_are_outward_codes():
    assert postcode_district("nw5 1tl") == "NW5"
    assert postcode_district("NW12DB") == "NW1"
    assert postcode_district("SW1A 1AA") == "SW1A"


def test_a_period_from_months_and_the_messages_for_bad_ones():
    period = Period.from_months("2025-04", "2026-03")
    assert (period.starts_on, period.ends_on) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    assert len(period.months()) == 12
    with pytest.raises(ValueError, match="Enter the start month as a year and month"):
        Period.from_months("April", "2026-03")
    with pytest.raises(ValueError, match="end month must be the same as or after"):
        Period.from_months("2026-04", "2026-03")
    with pytest.raises(ValueError, match="60 months or fewer"):
        Period.from_months("2010-01", "2026-03")
    assert Period.last_twelve_months(datetime.date(2026, 4, 15)) == PERIOD


def test_local_offer_figures(local_offer, home_page):
    section = build_pack(PERIOD, site_root=home_page).section("local_offer")
    figures = {item.key: item.value for item in section.figures}
    assert figures["services"] == 3  # the draft is not live
    assert figures["reviewed"] == 2
    assert figures["reviewed_share"] == D("66.7")
    assert figures["overdue"] == 1
    assert figures["confirmed"] == 0 and figures["confirmed_share"] == D("0.0")  # no provider has confirmed
    assert figures["gaps"] == 1
    assert section.table("by_need").rows == (("ADHD", 2), ("Autism", 2))
    assert section.table("by_district").rows == (("NW1", 1), ("NW5", 1), ("No fixed place", 1))
    grid = section.table("gap_grid")
    assert [c.heading for c in grid.columns] == ["Need", "NW1", "NW5"]
    assert grid.rows == (("ADHD", 1, 0), ("Autism", 1, 1))
    assert section.table("gaps").rows == (("ADHD", "NW5"),)


def test_schedule_2_checklist_says_what_is_missing_or_stale(local_offer, home_page):
    rows = {
        row[0]: row for row in build_pack(PERIOD, site_root=home_page).section("local_offer").table("schedule_2").rows
    }
    assert len(rows) == 12
    health = rows["Health provision"]
    assert health[2] == "Health" and health[3] == 2
    assert health[4] == "Stale: 1 page(s) not updated in 12 months"
    education = rows["Special educational provision: early years, schools and post-16"]
    assert education[4] == "Missing: no information page; Missing: no service"
    leisure = rows["Leisure activities and support groups"]
    assert leisure[3] == 1
    assert leisure[4] == "Missing: no information page; Stale: 1 service(s) overdue for review"
    assert rows["Personal budgets"][3] == "Not applicable"


def test_comments_received_answered_and_how_quickly(local_offer, home_page):
    section = build_pack(PERIOD, site_root=home_page).section("local_offer")
    figures = {item.key: item.value for item in section.figures}
    assert figures["comments_received"] == 6
    assert figures["comments_answered"] == 5
    assert figures["comments_answered_share"] == D("83.3")
    assert figures["comments_median_days"] == D("2.0")
    by_month = section.table("comments").rows
    assert by_month[0] == ("Apr 2025", 6, 5)
    assert by_month[1] == ("May 2025", 0, 0)


def test_fewer_than_five_comments_are_suppressed_with_their_rate_and_timing(home_page):
    for day in (2, 3):
        Feedback.objects.create(
            comment="x",
            submitted_at=datetime.datetime(2025, 4, day, 12, tzinfo=datetime.UTC),
            status=Feedback.PUBLISHED,
            moderated_at=datetime.datetime(2025, 4, day + 1, 12, tzinfo=datetime.UTC),
        )
    section = build_pack(PERIOD, site_root=home_page).section("local_offer")
    figures = {item.key: item.value for item in section.figures}
    assert figures["comments_received"] == SUPPRESSED
    assert figures["comments_answered"] == SUPPRESSED
    assert figures["comments_answered_share"] == SUPPRESSED
    assert figures["comments_median_days"] == SUPPRESSED
    assert section.table("comments").rows[0] == ("Apr 2025", SUPPRESSED, SUPPRESSED)


def test_demand_figures(searches):
    section = build_pack(PERIOD).section("demand")
    figures = {item.key: item.value for item in section.figures}
    assert figures == {"searches": 15, "no_results": SUPPRESSED, "no_results_share": SUPPRESSED}
    assert section.table("by_month").rows[:3] == (("Apr 2025", 0, 0), ("May 2025", 7, 0), ("Jun 2025", 8, SUPPRESSED))
    assert section.table("by_need").rows == (("Autism", 7),)
    assert section.table("by_category").rows == (("Leisure", 6),)
    assert section.table("by_area").rows == (("NW5", 7),)
    assert section.table("need_by_month").rows == (("May 2025", "Autism", 7),)
    few = section.table("few_results").rows
    assert [row[:3] for row in few] == [("sensory swing", 6, 1), ("trampoline", SUPPRESSED, 0)]


def test_budget_figures_for_one_council(councils):
    section = build_pack(PERIOD, council=councils["camden"]).section("budgets")
    figures = {item.key: item.value for item in section.figures}
    assert figures["holders_now"] == 6
    assert figures["new"] == 5  # the teenager's budget renews last year's
    assert figures["returns_due"] == 6
    assert figures["returns_on_time"] == 5
    assert figures["returns_on_time_share"] == D("83.3")
    assert figures["returns_late"] == 0
    assert figures["returns_missing"] == SUPPRESSED
    # 7,800 a year is 149.59 a week; eight weeks is 1,196.72; each of five holds 2,000: 803.28 over.
    assert figures["surplus_budgets"] == 5
    assert figures["surplus_money"] == D("4016.40")
    assert figures["requests_received"] == 0
    assert section.table("by_month").rows[0] == ("Apr 2025", 6)
    assert section.table("by_element").rows == (
        ("Education", 6, D("15600.00")),
        ("Health", 0, D("0.00")),
        ("Social care", 6, D("31200.00")),
    )
    assert section.table("by_arrangement").rows == (
        ("Direct payment", 5),
        ("Notional (council holds the money)", SUPPRESSED),
        ("Third-party arrangement", 0),
        ("Mixed", 0),
    )
    assert section.table("by_age").rows == (
        ("0 to 15", 5),
        ("16 to 17", SUPPRESSED),
        ("18 to 25", 0),
        ("Not recorded", 0),
    )
    assert section.table("uptake").rows == (("2026", 6, 100, D("6.0")),)


def test_another_councils_budgets_never_reach_a_councils_figures(councils):
    barnet = build_pack(PERIOD, council=councils["barnet"]).section("budgets")
    figures = {item.key: item.value for item in barnet.figures}
    assert figures["holders_now"] == SUPPRESSED
    assert figures["surplus_budgets"] == SUPPRESSED
    assert figures["surplus_money"] == SUPPRESSED  # one family's balance must not be readable
    assert barnet.table("uptake").rows == (("2026", SUPPRESSED, 50, SUPPRESSED),)


def test_national_uptake_is_the_dfe_series():
    table = {year: (budgets, plans) for year, budgets, plans in NATIONAL_UPTAKE}
    shares = {year: (D(b) * 100 / D(p)).quantize(D("0.1")) for year, (b, p) in table.items()}
    assert shares == {2019: D("4.4"), 2020: D("5.2"), 2021: D("5.2"), 2022: D("5.3"), 2023: D("3.7")}


def test_no_council_means_no_budget_section(local_offer, home_page):
    pack = build_pack(PERIOD, site_root=home_page)
    assert [s.key for s in pack.sections] == ["local_offer", "demand"]
