"""/api/oruk/: the spec's paths, each answering with or without a trailing slash."""

from django.urls import path, re_path

from . import views

ID = r"(?P<id>[^/]+)"

urlpatterns = [
    re_path(r"^$", views.APIRoot.as_view(), name="oruk-root"),
    path("docs/", views.documentation, name="oruk-docs"),
    re_path(r"^openapi\.json$", views.OpenAPIDocument.as_view(), name="oruk-openapi"),
    re_path(r"^services/?$", views.ServiceList.as_view(), name="oruk-services"),
    re_path(rf"^services/{ID}/?$", views.ServiceDetail.as_view(), name="oruk-service"),
    re_path(r"^service_at_locations/?$", views.ServiceAtLocationList.as_view(), name="oruk-service-at-locations"),
    re_path(
        rf"^service_at_locations/{ID}/?$", views.ServiceAtLocationDetail.as_view(), name="oruk-service-at-location"
    ),
    re_path(r"^taxonomies/?$", views.TaxonomyList.as_view(), name="oruk-taxonomies"),
    re_path(rf"^taxonomies/{ID}/?$", views.TaxonomyDetail.as_view(), name="oruk-taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.TaxonomyTermList.as_view(), name="oruk-taxonomy-terms"),
    re_path(rf"^taxonomy_terms/{ID}/?$", views.TaxonomyTermDetail.as_view(), name="oruk-taxonomy-term"),
    re_path(r"^organizations/?$", views.OrganizationList.as_view(), name="oruk-organizations"),
    re_path(rf"^organizations/{ID}/?$", views.OrganizationDetail.as_view(), name="oruk-organization"),
]
