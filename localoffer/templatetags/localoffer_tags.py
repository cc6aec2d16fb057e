import datetime

from django import template

register = template.Library()


@register.filter
def govuk_time(value: datetime.time | None) -> str:
    """Times as the GOV.UK style guide writes them: 10am, 5:30pm, midday, midnight."""
    if value is None:
        return ""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if (value.hour, value.minute) in {(0, 0), (23, 59)}:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"
