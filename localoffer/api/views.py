"""ORUK 3.0 read endpoints, built on DRF generic views, answering in the standard's shape.

Every response carries CORS and cache headers and an ETag (a hash of the body); the service
endpoints also send Last-Modified. Conditional GETs (If-None-Match, If-Modified-Since) get 304.
Errors are JSON: 404 for an unknown id, 400 naming a bad parameter.
"""

import hashlib
import uuid

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from rest_framework import exceptions, generics
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import oruk
from ..models import Organization, ServiceAtLocation, ServicePage, Taxonomy, TaxonomyTerm
from ..oruk import queries, schemas
from ..oruk.serialize import last_modified
from . import serializers
from .filters import SERVICE_PARAMETERS, BadParameter, ServiceFilters, check_query
from .pagination import ORUKPagination

CACHE_SECONDS = 300


class JSONOnly(BaseContentNegotiation):
    """Always JSON: the spec defines no other format, and `?format=` must not turn into a 404."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def error_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found")
    if not isinstance(exc, exceptions.APIException):
        return None
    body = {"status": exc.status_code, "error": exc.default_code, "message": str(exc.detail)}
    if isinstance(exc, BadParameter):
        body.update(parameter=exc.parameter, message=exc.message)
    return Response(body, status=exc.status_code)


class ORUKView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    http_method_names = ["get", "head", "options"]
    last_modified = None

    def get_exception_handler(self):
        return error_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_query(request.query_params)  # every parameter bounded before any view reads one

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            response["Cache-Control"] = "no-store" if response.status_code >= 400 else "no-cache"
            return response
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        response["Vary"] = "Accept-Encoding"
        response.render()
        etag = quote_etag(hashlib.blake2b(response.content, digest_size=16).hexdigest())
        response["ETag"] = etag
        timestamp = None
        if self.last_modified is not None:
            timestamp = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


class ORUKListView(ORUKView, generics.ListAPIView):
    pagination_class = ORUKPagination


class ORUKDetailView(ORUKView, generics.RetrieveAPIView):
    noun = "record"

    def get_object(self):
        try:
            key = uuid.UUID(self.kwargs["id"])
        except ValueError:
            shown = self.kwargs["id"] if len(self.kwargs["id"]) <= 40 else self.kwargs["id"][:40] + "..."
            raise Http404(f"No {self.noun} has the id '{shown}'") from None
        try:
            return self.get_queryset().get(**{self.lookup_field: key})
        except self.get_queryset().model.DoesNotExist:
            raise Http404(f"No {self.noun} has the id '{key}'") from None


class APIRoot(ORUKView):
    def get(self, request):
        return Response(
            {
                "version": oruk.ORUK_VERSION,
                "profile": oruk.PROFILE_URL,
                "openapi_url": request.build_absolute_uri(reverse("oruk-openapi")),
            }
        )


class OpenAPIDocument(ORUKView):
    def get(self, request):
        return Response(schemas.openapi_document())


class ServiceList(ORUKListView):
    serializer_class = serializers.ServiceListSerializer
    newest_field = "last_published_at"  # Last-Modified: the newest publish among the matches

    def get_queryset(self):
        filters = ServiceFilters.from_params(self.request.query_params, allowed=SERVICE_PARAMETERS | {"proximity"})
        return filters.apply(queries.published_services()).order_by("title", "pk").only(*queries.SUMMARY_FIELDS)


class ServiceDetail(ORUKDetailView):
    serializer_class = serializers.ServiceSerializer
    lookup_field = "uuid"
    noun = "published service"

    def get_queryset(self):
        return queries.with_full_relations(queries.published_services())

    def get_object(self):
        service = super().get_object()
        self.last_modified = last_modified(service)
        return service


class ServiceAtLocationList(ORUKListView):
    serializer_class = serializers.ServiceAtLocationListSerializer
    newest_field = "service__last_published_at"

    def get_queryset(self):
        filters = ServiceFilters.from_params(self.request.query_params, allowed=SERVICE_PARAMETERS | {"proximity"})
        services = filters.apply(queries.published_services())
        records = ServiceAtLocation.objects.filter(service__in=services.values("pk")).select_related(
            "location", "service", "service__organization"
        )
        if filters.proximity is not None:
            records = records.filter(location__in=filters.locations_in_range())
        return records.order_by("service__title", "service_id", "sort_order", "pk")


class ServiceAtLocationDetail(ORUKDetailView):
    serializer_class = serializers.ServiceAtLocationSerializer
    lookup_field = "id"
    noun = "service at location"

    def get_queryset(self):
        return queries.published_service_at_locations()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        record = self.get_object()
        service = queries.with_full_relations(ServicePage.objects.filter(pk=record.service_id)).get()
        self.last_modified = last_modified(service)
        context["service"] = service
        return context


class TaxonomyList(ORUKListView):
    serializer_class = serializers.TaxonomySerializer

    def get_queryset(self):
        return Taxonomy.objects.order_by("name", "pk")


class TaxonomyDetail(ORUKDetailView):
    serializer_class = serializers.TaxonomySerializer
    lookup_field = "id"
    noun = "taxonomy"

    def get_queryset(self):
        terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("name", "pk")
        return Taxonomy.objects.prefetch_related(Prefetch("terms", queryset=terms, to_attr="all_terms"))


class TaxonomyTermList(ORUKListView):
    serializer_class = serializers.TaxonomyTermSerializer

    def get_queryset(self):
        terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "name", "pk")
        taxonomy_id = self.request.query_params.get("taxonomy_id")
        if taxonomy_id:
            from .filters import parse_uuid

            terms = terms.filter(taxonomy_id=parse_uuid(self.request.query_params, "taxonomy_id"))
        return terms


class TaxonomyTermDetail(ORUKDetailView):
    serializer_class = serializers.TaxonomyTermSerializer
    lookup_field = "id"
    noun = "taxonomy term"

    def get_queryset(self):
        return TaxonomyTerm.objects.select_related("taxonomy")


class OrganizationList(ORUKListView):
    serializer_class = serializers.OrganizationSerializer

    def get_queryset(self):
        return Organization.objects.order_by("name", "pk")


class OrganizationDetail(ORUKDetailView):
    serializer_class = serializers.OrganizationSerializer
    lookup_field = "id"
    noun = "organisation"

    def get_queryset(self):
        services = queries.with_full_relations(queries.published_services()).order_by("title", "pk")
        return Organization.objects.prefetch_related(
            Prefetch("services", queryset=services, to_attr="published_services")
        )


def documentation(request):
    """The developer documentation page (HTML, GOV.UK styled)."""
    base = request.build_absolute_uri(reverse("oruk-root"))
    return render(request, "localoffer/api_docs.html", {"api_base": base.rstrip("/")})
