"""Every figure Insight shows, for one period: the Local Offer, what families search for, and personal
budgets. No request, no user, no rendering: the dashboard, the PDF and the spreadsheet all render the
`Pack` that `build_pack` returns, so the three can never disagree.

Aggregates only. No name, reference or comment text leaves this module; every count of people (or of
things people did: searches, comments, budgets, returns, requests) passes through `suppress`, the one
place the small-number rule is written, and a rate or an amount built on a suppressed count is
suppressed with it. Counts of services and pages are facts about the public directory, not about
people, and are shown as they are (a gap, a need with no service, must show as 0).

Money figures come from `budgets.ledger` (balances, surplus over the threshold, pence).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from budgets import ledger
from budgets.models import Budget, Element, LedgerEntry
from budgets.requests.models import BudgetRequest
from budgets.returns.models import MonitoringReturn
from insight.models import EhcPlanCount
from localoffer.models import Feedback, InformationPage, ServicePage, Taxonomy, TaxonomyTerm
from providers.models import ReviewConfirmation
from search.models import SearchQueryLog

# The small-number rule -------------------------------------------------------------------------------

SMALL_NUMBER = 5
SUPPRESSED = "fewer than 5"


def suppress(count: int) -> int | str:
    """A count of people as it may be shown: 1 to 4 become "fewer than 5"; 0 and 5 or more are shown.

    Zero is shown because "nobody" identifies nobody, and a gap must be visible as a gap. Every
    screen and export shows what this returns, never the raw count."""
    return SUPPRESSED if 0 < count < SMALL_NUMBER else count


def is_suppressed(value) -> bool:
    return value == SUPPRESSED


def rate(numerator: int, denominator: int) -> Decimal | str | None:
    """A percentage to one decimal place, suppressed when either count it is made of would be;
    None when there is nothing to divide by."""
    if is_suppressed(suppress(numerator)) or is_suppressed(suppress(denominator)):
        return SUPPRESSED
    if denominator == 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))


def money(amount: Decimal, count: int) -> Decimal | str:
    """An amount of money summed over `count` people's budgets: suppressed with the count, so one
    family's balance can never be read from a total."""
    if is_suppressed(suppress(count)):
        return SUPPRESSED
    return ledger.pence(amount)


# The shape every renderer reads --------------------------------------------------------------------

TEXT, COUNT, PERCENT, MONEY, DAYS = "text", "count", "percent", "money", "days"


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    chart: int | None = None  # the column drawn as bars beside the table (labels from column 0)
    note: str = ""


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: object
    kind: str = COUNT


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    note: str = ""

    def figure(self, key: str) -> Figure:
        return next(item for item in self.figures if item.key == key)

    def table(self, key: str) -> Table:
        return next(item for item in self.tables if item.key == key)


@dataclass(frozen=True)
class Period:
    """Whole months, first day to last day. Figures "now" are as at the period's last day."""

    starts_on: datetime.date
    ends_on: datetime.date

    MAXIMUM_MONTHS = 60

    @classmethod
    def from_months(cls, first: str, last: str) -> Period:
        """From two "YYYY-MM" months. Raises ValueError with a message for the person who typed them."""
        starts_on = _month(first, "start")
        ends_on = ledger.month_end(_month(last, "end"))
        if ends_on < starts_on:
            raise ValueError("The end month must be the same as or after the start month")
        period = cls(starts_on, ends_on)
        if len(period.months()) > cls.MAXIMUM_MONTHS:
            raise ValueError(f"Choose a period of {cls.MAXIMUM_MONTHS} months or fewer")
        return period

    @classmethod
    def last_twelve_months(cls, today: datetime.date) -> Period:
        """The 12 whole months before this one: the default, so a pack never counts a month half done."""
        ends_on = today.replace(day=1) - datetime.timedelta(days=1)
        starts_on = ends_on.replace(day=1)
        for _ in range(11):
            starts_on = (starts_on - datetime.timedelta(days=1)).replace(day=1)
        return cls(starts_on, ends_on)

    def months(self) -> list[datetime.date]:
        return ledger.month_starts(self.starts_on, self.ends_on)

    @property
    def label(self) -> str:
        return f"{self.starts_on:%B %Y} to {self.ends_on:%B %Y}"

    @property
    def slug(self) -> str:
        return f"{self.starts_on:%Y-%m}-to-{self.ends_on:%Y-%m}"

    @property
    def starts_at(self) -> datetime.datetime:
        return _local_midnight(self.starts_on)

    @property
    def ends_at(self) -> datetime.datetime:
        """The first instant after the period (exclusive)."""
        return _local_midnight(self.ends_on + datetime.timedelta(days=1))

    @property
    def year_before_end(self) -> datetime.date:
        """The first day of the 12 months that end on the period's last day."""
        return self.ends_on - datetime.timedelta(days=365)


def _month(text: str, which: str) -> datetime.date:
    try:
        year, month = (int(part) for part in (text or "").strip().split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        raise ValueError(f"Enter the {which} month as a year and month, like 2025-04") from None


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _month_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date().replace(day=1)


@dataclass
class Pack:
    period: Period
    site_name: str
    council: str  # the council whose budget figures are included, or "" for none
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(item for item in self.sections if item.key == key)

    @property
    def title(self) -> str:
        return f"Local Offer evidence pack: {self.period.label}"


# The Local Offer -------------------------------------------------------------------------------------

NO_FIXED_PLACE = "No fixed place"


def postcode_district(postal_code: str) -> str:
    """The outward code ("NW1" of "NW1 2DB"): the area families know and search by."""
    code = " ".join((postal_code or "").upper().split())
    if " " in code:
        return code.split(" ")[0]
    return code[:-3] if len(code) > 4 else code


@dataclass(frozen=True)
class Schedule2Area:
    key: str
    title: str
    reference: str
    page_slugs: tuple[str, ...]
    category_codes: tuple[str, ...] = ()


# What Schedule 2 to the SEND Regulations 2014 requires a Local Offer to publish, grouped as the
# information pages are, and the pages (by slug) and service categories (by code) that cover each.
SCHEDULE_2 = (
    Schedule2Area(
        "education",
        "Special educational provision: early years, schools and post-16",
        "Schedule 2, paragraphs 1 to 5",
        ("education", "early-years", "schools", "post-16"),
        ("early-years", "schools"),
    ),
    Schedule2Area(
        "identifying-needs",
        "Identifying needs and EHC needs assessments",
        "Schedule 2",
        ("ehc-needs-assessments",),
    ),
    Schedule2Area("health", "Health provision", "Schedule 2", ("health",), ("health",)),
    Schedule2Area(
        "social-care", "Social care provision and short breaks", "Schedule 2", ("social-care",), ("social-care",)
    ),
    Schedule2Area(
        "training",
        "Training provision and apprenticeships",
        "Schedule 2",
        ("training-and-apprenticeships",),
        ("training",),
    ),
    Schedule2Area("travel", "Travel arrangements", "Schedule 2", ("travel",), ("travel",)),
    Schedule2Area(
        "adulthood", "Preparing for adulthood and independent living", "Schedule 2", ("preparing-for-adulthood",)
    ),
    Schedule2Area(
        "advice",
        "Information, advice and support",
        "Schedule 2, paragraph 15",
        ("information-and-advice",),
        ("support-groups",),
    ),
    Schedule2Area("childcare", "Childcare", "Schedule 2", ("childcare",), ("childcare",)),
    Schedule2Area(
        "leisure", "Leisure activities and support groups", "Schedule 2", ("leisure-and-support-groups",), ("leisure",)
    ),
    Schedule2Area(
        "complaints",
        "Complaints, mediation and tribunal appeals",
        "Schedule 2, paragraph 17",
        ("complaints-mediation-and-appeals",),
    ),
    Schedule2Area("personal-budgets", "Personal budgets", "Schedule 2", ("personal-budgets",)),
)


def live_services(site_root=None):
    services = ServicePage.objects.live().filter(status=ServicePage.ACTIVE)
    if site_root is not None:
        services = services.descendant_of(site_root)
    return services


def local_offer_section(period: Period, site_root=None) -> Section:
    services = list(
        live_services(site_root)
        .prefetch_related("needs", "categories", "service_at_locations__location")
        .order_by("pk")
    )
    total = len(services)
    needs = list(TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.NEEDS).order_by("name", "code"))
    by_need: Counter = Counter()
    by_district: Counter = Counter()
    grid: dict[tuple, int] = Counter()
    districts_of: dict[int, set[str]] = {}
    for service in services:
        districts = {
            postcode_district(item.location.postal_code)
            for item in service.service_at_locations.all()
            if item.location.postal_code
        } or {NO_FIXED_PLACE}
        districts_of[service.pk] = districts
        by_district.update(districts)
        for need in service.needs.all():
            by_need[need.pk] += 1
            for district in districts:
                grid[need.pk, district] += 1
    districts = sorted(d for d in by_district if d != NO_FIXED_PLACE) + (
        [NO_FIXED_PLACE] if NO_FIXED_PLACE in by_district else []
    )
    area_districts = [d for d in districts if d != NO_FIXED_PLACE]

    reviewed = sum(1 for s in services if period.year_before_end < s.assured_date <= period.ends_on)
    overdue = sum(1 for s in services if s.review_due_on and s.review_due_on <= period.ends_on)
    confirmed = confirmed_by_providers(services, period)
    gaps = [(need.name, district) for need in needs for district in area_districts if not grid[need.pk, district]]

    figures = [
        Figure("services", "Live services", total),
        Figure("reviewed", "Reviewed in the last 12 months", reviewed),
        Figure("reviewed_share", "Share reviewed in the last 12 months", _share(reviewed, total), PERCENT),
        Figure("overdue", "Overdue for review", overdue),
    ]
    figures += [
        Figure("confirmed", "Confirmed by their providers in the last 12 months", confirmed),
        Figure("confirmed_share", "Share confirmed by their providers", _share(confirmed, total), PERCENT),
    ]
    figures.append(Figure("gaps", "Gaps (a need with no service in a postcode district)", len(gaps)))
    section = Section(
        "local_offer",
        "The Local Offer",
        figures=figures,
        note="Services are those published and active now; reviews and confirmations are counted in the "
        "12 months to the end of the period. Service counts are not suppressed: they describe the public "
        "directory, not people.",
    )
    section.tables += [
        Table(
            "by_need",
            "Services by need",
            (Column("Need"), Column("Services", COUNT)),
            tuple((need.name, by_need[need.pk]) for need in needs),
            chart=1,
        ),
        Table(
            "by_district",
            "Services by postcode district",
            (Column("Postcode district"), Column("Services", COUNT)),
            tuple((district, by_district[district]) for district in districts),
            chart=1,
        ),
        Table(
            "gap_grid",
            "Services for each need in each postcode district (0 is a gap)",
            (Column("Need"),) + tuple(Column(d, COUNT) for d in area_districts),
            tuple((need.name,) + tuple(grid[need.pk, d] for d in area_districts) for need in needs),
        ),
        Table(
            "gaps",
            "Gaps: needs with no service in a postcode district",
            (Column("Need"), Column("Postcode district")),
            tuple(gaps),
        ),
        schedule_2_table(period, services, site_root),
        comments_table(period),
    ]
    section.figures += _comment_figures(period)
    return section


def _share(part: int, whole: int) -> Decimal | None:
    """A share of services (not people): never suppressed."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def confirmed_by_providers(services, period: Period) -> int:
    """Live services whose provider confirmed the entry in the 12 months to the period's end."""
    since = _local_midnight(period.year_before_end + datetime.timedelta(days=1))
    return (
        ReviewConfirmation.objects.filter(
            service_id__in=[s.pk for s in services], confirmed_at__gte=since, confirmed_at__lt=period.ends_at
        )
        .values("service_id")
        .distinct()
        .count()
    )


def schedule_2_table(period: Period, services, site_root=None) -> Table:
    pages = InformationPage.objects.live()
    if site_root is not None:
        pages = pages.descendant_of(site_root)
    pages_by_slug = defaultdict(list)
    for page in pages.order_by("path"):
        pages_by_slug[page.slug].append(page)
    stale_before = _local_midnight(period.year_before_end)
    rows = []
    for area in SCHEDULE_2:
        covering = [page for slug in area.page_slugs for page in pages_by_slug.get(slug, [])]
        stale_pages = [p for p in covering if p.last_published_at and p.last_published_at < stale_before]
        in_area = [s for s in services if any(c.code in area.category_codes for c in s.categories.all())]
        stale_services = [s for s in in_area if s.review_due_on and s.review_due_on <= period.ends_on]
        problems = []
        if not covering:
            problems.append("Missing: no information page")
        if area.category_codes and not in_area:
            problems.append("Missing: no service")
        if stale_pages:
            problems.append(f"Stale: {len(stale_pages)} page(s) not updated in 12 months")
        if stale_services:
            problems.append(f"Stale: {len(stale_services)} service(s) overdue for review")
        rows.append(
            (
                area.title,
                area.reference,
                ", ".join(p.title for p in covering) or "None",
                len(in_area) if area.category_codes else "Not applicable",
                "; ".join(problems) or "Covered",
            )
        )
    return Table(
        "schedule_2",
        "Schedule 2 checklist (SEND Regulations 2014)",
        (Column("Area"), Column("Where required"), Column("Information pages"), Column("Services"), Column("Status")),
        tuple(rows),
        note="Stale means an information page last published more than 12 months before the end of the "
        "period, or a service past its review date.",
    )


def _comments(period: Period):
    return list(
        Feedback.objects.filter(submitted_at__gte=period.starts_at, submitted_at__lt=period.ends_at).values_list(
            "submitted_at", "status", "moderated_at"
        )
    )


def _answered(status, moderated_at) -> bool:
    return status == Feedback.PUBLISHED and moderated_at is not None


def comments_table(period: Period) -> Table:
    received, answered = Counter(), Counter()
    for submitted_at, status, moderated_at in _comments(period):
        month = _month_of(submitted_at)
        received[month] += 1
        if _answered(status, moderated_at):
            answered[month] += 1
    return Table(
        "comments",
        "Comments received and answered for \u201cYou said, we did\u201d, by month received",
        (Column("Month"), Column("Received", COUNT), Column("Answered", COUNT)),
        tuple((f"{month:%b %Y}", suppress(received[month]), suppress(answered[month])) for month in period.months()),
        chart=1,
    )


def _comment_figures(period: Period) -> list[Figure]:
    comments = _comments(period)
    days = [
        (moderated_at - submitted_at).total_seconds() / 86400
        for submitted_at, status, moderated_at in comments
        if _answered(status, moderated_at)
    ]
    median = (
        SUPPRESSED
        if is_suppressed(suppress(len(days)))
        else (Decimal(str(statistics.median(days))).quantize(Decimal("0.1")) if days else None)
    )
    return [
        Figure("comments_received", "Comments received", suppress(len(comments))),
        Figure("comments_answered", "Comments answered (published with a response)", suppress(len(days))),
        Figure("comments_answered_share", "Share answered", rate(len(days), len(comments)), PERCENT),
        Figure("comments_median_days", "Median days from comment to answer", median, DAYS),
    ]


# Demand ----------------------------------------------------------------------------------------------

FEW_RESULTS = 2
TOP_SEARCHES = 20
ADD_ACTIONS = "Add a synonym; add or find a service"


def demand_section(period: Period) -> Section:
    logs = list(
        SearchQueryLog.objects.filter(searched_at__gte=period.starts_at, searched_at__lt=period.ends_at)
        .order_by("searched_at", "pk")
        .values_list("searched_at", "text", "filters", "result_count")
    )
    need_names = dict(TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.NEEDS).values_list("code", "name"))
    category_names = dict(
        TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.CATEGORIES).values_list("code", "name")
    )
    by_month, none_by_month = Counter(), Counter()
    by_need, by_category, by_area = Counter(), Counter(), Counter()
    need_month = Counter()
    few: dict[str, list[int]] = defaultdict(list)
    for searched_at, text, filters, results in logs:
        month = _month_of(searched_at)
        filters = filters if isinstance(filters, dict) else {}
        by_month[month] += 1
        if results == 0:
            none_by_month[month] += 1
        for code in filters.get("needs") or []:
            need = need_names.get(code, code)
            by_need[need] += 1
            need_month[need, month] += 1
        for code in filters.get("categories") or []:
            by_category[category_names.get(code, code)] += 1
        if filters.get("area"):
            by_area[str(filters["area"]).upper()] += 1
        if text and results <= FEW_RESULTS:
            few[text].append(results)

    def ranked(counter):
        return tuple((name, suppress(count)) for name, count in sorted(counter.items(), key=lambda i: (-i[1], i[0])))

    top_few = sorted(few.items(), key=lambda item: (-len(item[1]), item[0]))[:TOP_SEARCHES]
    section = Section(
        "demand",
        "Demand: what families search for",
        figures=[
            Figure("searches", "Searches", suppress(len(logs))),
            Figure("no_results", "Searches that found nothing", suppress(sum(none_by_month.values()))),
            Figure(
                "no_results_share", "Share that found nothing", rate(sum(none_by_month.values()), len(logs)), PERCENT
            ),
        ],
        note="From the anonymous search log: the words typed (with postcodes, emails and numbers removed) "
        "and the filters chosen. Evidence of unmet need for commissioners.",
    )
    section.tables += [
        Table(
            "by_month",
            "Searches by month",
            (Column("Month"), Column("Searches", COUNT), Column("Found nothing", COUNT)),
            tuple((f"{m:%b %Y}", suppress(by_month[m]), suppress(none_by_month[m])) for m in period.months()),
            chart=1,
        ),
        Table("by_need", "Searches by need", (Column("Need"), Column("Searches", COUNT)), ranked(by_need), chart=1),
        Table(
            "by_category",
            "Searches by category",
            (Column("Category"), Column("Searches", COUNT)),
            ranked(by_category),
            chart=1,
        ),
        Table(
            "by_area",
            "Searches by area",
            (Column("Area"), Column("Searches", COUNT)),
            ranked(by_area),
            chart=1,
        ),
        Table(
            "need_by_month",
            "Searches by need, month by month",
            (Column("Month"), Column("Need"), Column("Searches", COUNT)),
            tuple(
                (f"{month:%b %Y}", need, suppress(need_month[need, month]))
                for month in period.months()
                for need in sorted(by_need)
                if need_month[need, month]
            ),
        ),
        Table(
            "few_results",
            f"Top searches with no or few results ({FEW_RESULTS} or fewer)",
            (Column("Words searched"), Column("Searches", COUNT), Column("Most results", COUNT), Column("Action")),
            tuple((text, suppress(len(counts)), max(counts), ADD_ACTIONS) for text, counts in top_few),
        ),
    ]
    return section


# Personal budgets ------------------------------------------------------------------------------------

AGE_BANDS = (("0 to 15", 0, 15), ("16 to 17", 16, 17), ("18 to 25", 18, 25))
AGE_NOT_RECORDED = "Not recorded"
AGREED_STATUSES = ("agreed", "set_up")
DECLINED_STATUSES = ("declined",)

# DfE, "Education, health and care plans" (Explore education statistics), EHC plans with a personal
# budget in place as at January: (year, personal budgets, EHC plans). 2023 is the first year of the
# person-level SEN2 collection, a break in the series.
NATIONAL_UPTAKE = (
    (2019, 15712, 353995),
    (2020, 20346, 390109),
    (2021, 22233, 430697),
    (2022, 25259, 473255),
    (2023, 18887, 517049),
)
NATIONAL_SOURCE = (
    "Department for Education, \u201cEducation, health and care plans\u201d statistics release "
    "(explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans), "
    "EHC plans with a personal budget in place, as at January."
)


def age_band(age: int | None) -> str:
    for label, low, high in AGE_BANDS:
        if age is not None and low <= age <= high:
            return label
    return AGE_NOT_RECORDED


def _in_place(budget, day: datetime.date) -> bool:
    return budget.starts_on <= day <= budget.ends_on


def _identity(budget) -> tuple:
    """Which budgets belong to the same child: by plan reference, else by name and date of birth.
    Used only to tell a new budget from a renewal; never shown."""
    if budget.reference.strip():
        return ("reference", budget.reference.strip().casefold())
    return ("holder", budget.holder_name.strip().casefold(), budget.holder_date_of_birth)


def budgets_section(period: Period, council) -> Section:
    budgets = list(Budget.objects.filter(council=council).prefetch_related("elements").order_by("starts_on", "pk"))
    day = period.ends_on
    now = [b for b in budgets if _in_place(b, day)]

    first_start: dict[tuple, datetime.date] = {}
    for budget in budgets:
        key = _identity(budget)
        first_start[key] = min(first_start.get(key, budget.starts_on), budget.starts_on)
    new = [
        b
        for b in budgets
        if period.starts_on <= b.starts_on <= period.ends_on and first_start[_identity(b)] == b.starts_on
    ]

    by_month = []
    for month in period.months():
        end = ledger.month_end(month)
        by_month.append(
            (f"{month:%b %Y}", suppress(sum(1 for b in budgets if b.starts_on <= end and b.ends_on >= month)))
        )

    element_count, element_money = Counter(), defaultdict(lambda: ledger.ZERO)
    for budget in now:
        for element in budget.elements.all():
            if element.allocated_amount > 0:
                element_count[element.element] += 1
                element_money[element.element] += element.allocated_amount
    arrangements = Counter(b.holding_arrangement for b in now)
    bands = Counter(age_band(b.holder_age_on(day)) for b in now)

    surplus_count, surplus_total = _surplus(now, day, council.surplus_threshold_weeks)
    returns = _returns(council, period)
    requests = _requests(council, period)

    section = Section(
        "budgets",
        f"Personal budgets: {council.name}",
        figures=[
            Figure("holders_now", f"Budgets in place on {day:%-d %B %Y}", suppress(len(now))),
            Figure("new", "New budgets in the period (first budget for the child)", suppress(len(new))),
            Figure("returns_due", "Monitoring returns due in the period", suppress(returns["due"])),
            Figure("returns_on_time", "Returns submitted on time", suppress(returns["on_time"])),
            Figure(
                "returns_on_time_share", "Share submitted on time", rate(returns["on_time"], returns["due"]), PERCENT
            ),
            Figure("returns_late", "Returns submitted late", suppress(returns["late"])),
            Figure("returns_missing", "Returns not submitted", suppress(returns["missing"])),
            Figure("surplus_budgets", "Budgets holding more than the surplus threshold", suppress(surplus_count)),
            Figure(
                "surplus_money", "Money held above the surplus threshold", money(surplus_total, surplus_count), MONEY
            ),
        ],
        note=f"Figures for budgets of {council.name} only. Budgets "
        f"\u201cin place\u201d cover the last day of the period; balances count ledger entries up to that day.",
    )
    section.figures += [
        Figure("requests_received", "Requests received", suppress(requests["received"])),
        Figure("requests_agreed", "Requests agreed", suppress(requests["agreed"])),
        Figure("requests_declined", "Requests declined", suppress(requests["declined"])),
    ]
    elements = dict(Element.choices)
    section.tables += [
        Table(
            "by_month",
            "Budgets in place, month by month",
            (Column("Month"), Column("Budgets", COUNT)),
            tuple(by_month),
            chart=1,
        ),
        Table(
            "by_element",
            "Budgets in place by element",
            (Column("Element"), Column("Budgets", COUNT), Column("Allocated", MONEY)),
            tuple(
                (label, suppress(element_count[code]), money(element_money[code], element_count[code]))
                for code, label in elements.items()
            ),
            chart=1,
        ),
        Table(
            "by_arrangement",
            "Budgets in place by holding arrangement",
            (Column("Holding arrangement"), Column("Budgets", COUNT)),
            tuple((label, suppress(arrangements[code])) for code, label in Budget.HoldingArrangement.choices),
            chart=1,
        ),
        Table(
            "by_age",
            "Budgets in place by age band",
            (Column("Age band"), Column("Budgets", COUNT)),
            tuple((label, suppress(bands[label])) for label in [b[0] for b in AGE_BANDS] + [AGE_NOT_RECORDED]),
            chart=1,
        ),
        uptake_table(council, budgets),
        Table(
            "national_uptake",
            "National uptake: EHC plans with a personal budget (England)",
            (
                Column("January"),
                Column("Personal budgets", COUNT),
                Column("EHC plans", COUNT),
                Column("Uptake", PERCENT),
            ),
            tuple((str(year), pbs, plans, _share(pbs, plans)) for year, pbs, plans in NATIONAL_UPTAKE),
            note=NATIONAL_SOURCE,
        ),
    ]
    return section


def uptake_table(council, budgets) -> Table:
    rows = []
    for count in EhcPlanCount.objects.filter(council=council).order_by("year"):
        census = datetime.date(count.year, 1, 1)
        held = sum(1 for b in budgets if _in_place(b, census))
        rows.append((str(count.year), suppress(held), count.plans, rate(held, count.plans)))
    return Table(
        "uptake",
        f"Uptake: {council.name}'s EHC plans with a personal budget",
        (Column("January"), Column("Personal budgets", COUNT), Column("EHC plans", COUNT), Column("Uptake", PERCENT)),
        tuple(rows),
        note="Personal budgets in place on 1 January, over the EHC plans the council entered for that January.",
    )


def _surplus(budgets, day: datetime.date, weeks: int) -> tuple[int, Decimal]:
    by_kind: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for budget_id, kind, amount in LedgerEntry.objects.filter(
        budget__in=budgets, is_deleted=False, spent_on__lte=day
    ).values_list("budget_id", "kind", "amount"):
        by_kind[budget_id].append((kind, amount))
    count, total = 0, ledger.ZERO
    for budget in budgets:
        allocated = sum((e.allocated_amount for e in budget.elements.all()), ledger.ZERO)
        held = ledger.totals(by_kind[budget.pk], allocated=allocated).balance
        over = ledger.surplus_over_threshold(held, allocated, budget.starts_on, budget.ends_on, weeks)
        if over > 0:
            count += 1
            total += over
    return count, ledger.pence(total)


def _returns(council, period: Period) -> dict[str, int]:
    due = MonitoringReturn.objects.filter(
        budget__council=council, due_on__gte=period.starts_on, due_on__lte=period.ends_on
    ).values_list("due_on", "submitted_at")
    result = {"due": 0, "on_time": 0, "late": 0, "missing": 0}
    for due_on, submitted_at in due:
        result["due"] += 1
        if submitted_at is None:
            result["missing"] += 1
        elif timezone.localtime(submitted_at).date() <= due_on:
            result["on_time"] += 1
        else:
            result["late"] += 1
    return result


def _requests(council, period: Period) -> dict[str, int]:
    """Personal budget requests the family sent (a request still being written has no submitted_at and
    no status, so it never counts): received by when it was sent, agreed or declined by when decided."""
    mine = BudgetRequest.objects.filter(council=council, submitted_at__isnull=False)
    decided = mine.filter(decided_at__gte=period.starts_at, decided_at__lt=period.ends_at)
    return {
        "received": mine.filter(submitted_at__gte=period.starts_at, submitted_at__lt=period.ends_at).count(),
        "agreed": decided.filter(status__in=AGREED_STATUSES).count(),
        "declined": decided.filter(status__in=DECLINED_STATUSES).count(),
    }


# The whole picture -----------------------------------------------------------------------------------


def build_pack(period: Period, *, site_root=None, site_name: str = "", council=None) -> Pack:
    """Everything for one period: the same call for the dashboard, the PDF and the spreadsheet."""
    sections = [local_offer_section(period, site_root), demand_section(period)]
    if council is not None:
        sections.append(budgets_section(period, council))
    return Pack(period=period, site_name=site_name, council=council.name if council else "", sections=sections)


def cell_text(value, kind: str = TEXT) -> str:
    """How a value reads on screen and in the PDF (the spreadsheet keeps numbers as numbers)."""
    if value is None:
        return "No data"
    if isinstance(value, str):
        return value
    if kind == PERCENT:
        return f"{value}%"
    if kind == MONEY:
        return f"\u00a3{value:,.2f}"
    if kind == DAYS:
        return f"{value} days"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
