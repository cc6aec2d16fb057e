"""The directory results page's repeated markup, made in Python: a filter list holds every need,
category and area (hundreds of options at a large council), and each option as template nodes
cost more to render than the search that counted it. Same GOV.UK markup as the components."""

from django import template
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_options(name: str, values, input_type: str) -> str:
    """The GOV.UK checkbox (or radio) items of one filter: `input_type` is "checkbox" or "radio"."""
    kind = "radios" if input_type == "radio" else "checkboxes"
    return format_html_join(
        "\n",
        '<div class="govuk-{0}__item">'
        '<input class="govuk-{0}__input" id="{1}-{2}" name="{1}" type="{3}" value="{2}"{4}>'
        '<label class="govuk-label govuk-{0}__label" for="{1}-{2}">{5} <span class="facet-count">({6})</span></label>'
        "</div>",
        (
            (
                kind,
                name,
                option.value,
                input_type,
                mark_safe(" checked") if option.selected else "",
                option.label,
                option.count,
            )
            for option in values
        ),
    )


@register.simple_tag(takes_context=True)
def service_results(context, hits) -> str:
    """The results list's items: each service's name (a link), organisation, distance and the words
    that matched (already escaped, with <mark>), or its summary, then its "Save" button (the shortlist's
    own small template, rendered once per result with only what it needs: no context processors)."""
    save_button = get_template("shortlist/save_button.html")
    request = context.get("request")
    return format_html_join(
        "\n",
        '<li class="service-result">'
        '<h2 class="govuk-heading-s"><a class="govuk-link" href="{}">{}</a></h2>'
        '<p class="govuk-body-s govuk-!-margin-bottom-1">{}{}</p>'
        '<p class="govuk-body">{}</p>'
        "{}"
        "</li>",
        (
            (
                hit.url,
                hit.title,
                hit.organization,
                format_html(" · {} miles away", floatformat(hit.distance_miles, 1))
                if hit.distance_miles is not None
                else "",
                mark_safe(hit.highlight) if hit.highlight else hit.summary,  # noqa: S308 - escaped by search.text.highlight
                mark_safe(  # noqa: S308 - an autoescaped template
                    save_button.render({"service_id": hit.page_id, "service_title": hit.title, "request": request})
                ),
            )
            for hit in hits
        ),
    )
