from django.conf import settings


def build_backend(name: str, *, url: str = "", index_prefix: str = ""):
    """A backend by name: "database" or "elasticsearch" (at `url`, default ELASTICSEARCH_URL)."""
    if name == "elasticsearch":
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(
            url or settings.ELASTICSEARCH_URL,
            index_prefix=index_prefix or settings.ELASTICSEARCH_INDEX_PREFIX,
            timeout=settings.ELASTICSEARCH_TIMEOUT,
        )
    if name == "database":
        from .database import DatabaseBackend

        return DatabaseBackend()
    raise ValueError(f"Unknown search backend {name!r}: use 'database' or 'elasticsearch'")


def get_backend():
    """The configured backend: Elasticsearch when ELASTICSEARCH_URL is set, else the database."""
    return build_backend("elasticsearch" if settings.ELASTICSEARCH_URL else "database")
