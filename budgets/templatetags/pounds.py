"""Money shown the GOV.UK way: "£1,292.25", "−£1,292.25" (a real minus sign) or "£1,292.25 overspent".

Every budgets page, the young person's page and the PDF statement format amounts with ``pounds``,
so no page ever shows "£-1,292.25". CSV exports keep plain signed decimals for spreadsheets.

    {% load pounds %}
    {{ overall.balance|pounds }}               -> −£1,292.25
    {{ overall.balance|pounds:"overspent" }}   -> £1,292.25 overspent
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

MINUS = "\u2212"
PENNY = Decimal("0.01")


def pounds(value, style: str = "") -> str:
    """Format an amount in pounds and pence; an empty string for no amount."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    if not amount.is_finite():
        return ""
    text = f"£{abs(amount):,.2f}"
    if amount < 0:
        return f"{text} overspent" if style == "overspent" else f"{MINUS}{text}"
    return text


register.filter("pounds", pounds)
