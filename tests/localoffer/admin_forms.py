"""Form data for posting a service page to the Wagtail admin, as the editor's browser would."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def service_form_data(page, **overrides):
    fields = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "description": rich_text(page.description),
        "organization": page.organization_id,
        "status": page.status,
        "needs": [term.pk for term in page.needs.all()],
        "categories": [term.pk for term in page.categories.all()],
        "minimum_age": page.minimum_age,
        "maximum_age": page.maximum_age,
        "eligibility_description": page.eligibility_description,
        "referral_route": page.referral_route,
        "is_free": "on" if page.is_free else "",
        "fees_description": page.fees_description,
        "cost_options": inline_formset([]),
        "delivery_methods": page.delivery_methods,
        "service_at_locations": inline_formset([]),
        "schedules": inline_formset([]),
        "contacts": inline_formset([]),
        "website": page.website,
        "email": page.email,
        "phone": page.phone,
        "languages": '["English"]',
        "accessibility_description": page.accessibility_description,
        "assured_date": page.assured_date.isoformat(),
        "review_due_on": page.review_due_on.isoformat() if page.review_due_on else "",
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
        "seo_title": "",
        "search_description": "",
    }
    fields.update(overrides)
    lists = {name: fields.pop(name) for name in ("needs", "categories", "delivery_methods")}
    return nested_form_data(fields) | lists
