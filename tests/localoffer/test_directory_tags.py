"""The results page's options and results made in Python keep the GOV.UK markup and escape what
editors and families typed."""

from decimal import Decimal

from django.template import Context, Template

from search.query import FacetValue, Hit


def render(source: str, **context) -> str:
    return Template("{% load directory_tags %}" + source).render(Context(context))


def test_facet_options_are_govuk_checkboxes_or_radios_with_counts():
    values = [FacetValue("autism", "Autism & <ASD>", 3, selected=True), FacetValue("adhd", "ADHD", 0)]
    html = render("{% facet_options 'needs' values 'checkbox' %}", values=values)
    assert (
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="needs-autism" name="needs" '
        'type="checkbox" value="autism" checked><label class="govuk-label govuk-checkboxes__label" for="needs-autism">'
        'Autism &amp; &lt;ASD&gt; <span class="facet-count">(3)</span></label></div>'
    ) in html
    assert 'value="adhd">' in html and "(0)" in html
    radios = render("{% facet_options 'cost' values 'radio' %}", values=[FacetValue("free", "Free", 2)])
    assert 'class="govuk-radios__input" id="cost-free" name="cost" type="radio" value="free">' in radios


def test_service_results_show_distance_and_escape_all_but_the_marked_highlight():
    hits = [
        Hit(1, "u1", "Swim <club>", "/services/swim/", "Summary <b>", "Org & co", Decimal("1.25"), "<mark>swim</mark>"),
        Hit(2, "u2", "Play", "/services/play/", "Play <i>days</i>", "Org", None, ""),
    ]
    html = render("{% service_results hits %}", hits=hits)
    assert '<h2 class="govuk-heading-s"><a class="govuk-link" href="/services/swim/">Swim &lt;club&gt;</a></h2>' in html
    assert "Org &amp; co · 1.3 miles away</p>" in html
    assert '<p class="govuk-body"><mark>swim</mark></p>' in html
    assert (
        '<p class="govuk-body-s govuk-!-margin-bottom-1">Org</p><p class="govuk-body">Play &lt;i&gt;days&lt;/i&gt;</p>'
        in html
    )
    # Each result carries the shortlist's "Save" button, named for its service.
    assert html.count('<form method="post" action="/shortlist/save/" class="shortlist-save">') == 2
    assert '<input type="hidden" name="service" value="1">' in html
    assert 'Save<span class="govuk-visually-hidden"> Swim &lt;club&gt;</span> to shortlist' in html
