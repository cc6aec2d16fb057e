"""Database search backend: the embedded default (SQLite), and PostgreSQL without Elasticsearch."""

from django.db.models import Count, Q

from ..api import FacetValue, Hit, SearchResults, ServiceQuery


class DatabaseBackend:
    name = "database"

    def _base_queryset(self):
        from localoffer.models import ServicePage

        return ServicePage.objects.live().public().select_related("organization")

    def _filtered(self, query: ServiceQuery, *, skip: str = ""):
        from localoffer.models import Taxonomy

        services = self._base_queryset()
        if query.text:
            words = query.text.split()
            for word in words:
                services = services.filter(
                    Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
                )
        if query.needs and skip != "needs":
            services = services.filter(needs__code__in=query.needs, needs__taxonomy__vocabulary=Taxonomy.NEEDS)
        if query.categories and skip != "categories":
            services = services.filter(
                categories__code__in=query.categories, categories__taxonomy__vocabulary=Taxonomy.CATEGORIES
            )
        if query.age is not None:
            services = services.filter(minimum_age__lte=query.age, maximum_age__gte=query.age)
        if query.cost == "free" and skip != "cost":
            services = services.filter(is_free=True)
        elif query.cost == "paid" and skip != "cost":
            services = services.filter(is_free=False)
        if query.delivery and skip != "delivery":
            delivery_filter = Q()
            for method in query.delivery:
                delivery_filter |= Q(delivery_methods__icontains=f'"{method}"')
            services = services.filter(delivery_filter)
        return services.distinct()

    def _facets(self, query: ServiceQuery) -> dict[str, list[FacetValue]]:
        from localoffer.models import ServicePage, Taxonomy, TaxonomyTerm

        facets = {}
        for name, vocabulary, relation in [
            ("needs", Taxonomy.NEEDS, "services_by_need"),
            ("categories", Taxonomy.CATEGORIES, "services_by_category"),
        ]:
            ids = self._filtered(query, skip=name).values("pk")
            terms = TaxonomyTerm.objects.filter(taxonomy__vocabulary=vocabulary).annotate(
                count=Count(relation, filter=Q(**{f"{relation}__in": ids}), distinct=True)
            )
            selected = set(getattr(query, name))
            facets[name] = [FacetValue(t.code, t.name, t.count, t.code in selected) for t in terms]
        cost_ids = self._filtered(query, skip="cost")
        facets["cost"] = [
            FacetValue("free", "Free", cost_ids.filter(is_free=True).count(), query.cost == "free"),
            FacetValue("paid", "There is a cost", cost_ids.filter(is_free=False).count(), query.cost == "paid"),
        ]
        delivery_ids = self._filtered(query, skip="delivery")
        facets["delivery"] = [
            FacetValue(
                value,
                label,
                delivery_ids.filter(delivery_methods__icontains=f'"{value}"').count(),
                value in query.delivery,
            )
            for value, label in ServicePage.DELIVERY_METHODS
        ]
        return facets

    def find_services(self, query: ServiceQuery) -> SearchResults:
        services = self._filtered(query).order_by("title")
        total = services.count()
        start = (query.page - 1) * query.page_size
        page = services[start : start + query.page_size]
        hits = [
            Hit(
                page_id=service.pk,
                uuid=str(service.uuid),
                title=service.title,
                url=service.url,
                summary=service.summary,
                organization=service.organization.name,
            )
            for service in page
        ]
        return SearchResults(query=query, hits=hits, total=total, facets=self._facets(query))
