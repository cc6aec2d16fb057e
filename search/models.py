"""Search's own data: the glossary of synonyms editors manage, and anonymous query analytics."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from .text import glossary_phrases, tokenize


class GlossaryEntry(models.Model):
    """A group of words and abbreviations that mean the same thing to a family searching.

    Searching for any of them finds services that mention any of them: "ASD" finds "autism".
    Applied at query time by both backends, so an edit takes effect without re-indexing.
    """

    term = models.CharField(max_length=100, unique=True, help_text="The main name, e.g. Autism")
    alternatives = models.TextField(
        help_text="Other words and abbreviations that mean the same, one per line, "
        "e.g. ASD, then ASC, then autistic spectrum condition"
    )
    description = models.TextField(blank=True, help_text="What it means, for editors")

    panels = [FieldPanel("term"), FieldPanel("alternatives"), FieldPanel("description")]

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary entry"
        verbose_name_plural = "glossary"

    def __str__(self):
        return self.term

    @property
    def phrases(self) -> list[str]:
        """Every way of saying it, normalised to folded words separated by one space."""
        return glossary_phrases(self.term, self.alternatives)

    def clean(self):
        super().clean()
        if not tokenize(self.term):
            raise ValidationError({"term": "Enter a word made of letters or numbers"})
        if len(self.phrases) < 2:
            raise ValidationError({"alternatives": "Enter at least one other word or abbreviation"})


class SearchQueryLog(models.Model):
    """One search as typed, without personal data.

    No IP address, no session, no postcode (only whether one was given); postcodes, emails and
    phone numbers typed into the search box are removed before saving (see analytics.py).
    """

    text = models.CharField(max_length=200, db_index=True)
    filters = models.JSONField(default=dict, blank=True)
    used_location = models.BooleanField(default=False)
    result_count = models.PositiveIntegerField()
    searched_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-searched_at"]
        verbose_name = "search"

    def __str__(self):
        return f"{self.text or '(no words)'}: {self.result_count}"


class SearchEntry(models.Model):
    """One published, public service as the database backend searches it: its words, and everything
    a search filters, counts, sorts and measures distances by, in narrow columns.

    Kept in step synchronously when a service is saved, published, unpublished, moved, deleted or
    restricted (search/signals.py), and by the index task when an organisation, location or term is
    renamed. `manage.py search_index rebuild` rewrites every row. SQLite indexes the stems and words
    in an FTS5 table (`search_searchentry_fts`, kept in step by triggers, ranked with bm25() column
    weights), PostgreSQL in two generated tsvector columns with GIN indexes (`stems_vector`, weighted
    A to D, and `words_vector`): see migration 0004 and docs/search.md.
    """

    page = models.OneToOneField("localoffer.ServicePage", on_delete=models.CASCADE, primary_key=True, related_name="+")
    # Folded words separated by one space (search.text.index_words) of every searchable field:
    # exact matches, the vocabulary and autocomplete read them.
    words = models.TextField(default="")
    # Each ranked field's stems (search.text.index_stems), weighted when ranking: see search.text.FIELDS.
    name_stems = models.TextField(default="")
    summary_stems = models.TextField(default="")
    needs_stems = models.TextField(default="")
    organization_stems = models.TextField(default="")
    description_stems = models.TextField(default="")
    tags_stems = models.TextField(default="")
    title_words = models.TextField()
    title_sort = models.CharField(max_length=255)
    minimum_age = models.PositiveSmallIntegerField()
    maximum_age = models.PositiveSmallIntegerField()
    is_free = models.BooleanField()
    # Space-separated codes: taxonomy term codes are slugs, delivery methods and outcodes have no spaces.
    need_codes = models.TextField(blank=True)
    category_codes = models.TextField(blank=True)
    delivery_methods = models.TextField(blank=True)
    areas = models.TextField(blank=True)
    # "latitude,longitude" per location with coordinates, separated by spaces; the box around them.
    points = models.TextField(blank=True)
    latitude_min = models.FloatField(null=True)
    latitude_max = models.FloatField(null=True)
    longitude_min = models.FloatField(null=True)
    longitude_max = models.FloatField(null=True)

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.title_sort


class SearchTableVersion(models.Model):
    """One row whose token changes, by database trigger, in the same transaction as any change to the
    search table. The database backend keeps, per process, each filter value's set of services (for
    counting facets without reading every matching row) and reads this token with every search, so a
    service published a moment ago counts at once, in every app server, and a rolled-back change is
    never mistaken for the committed table (migration 0007)."""

    token = models.CharField(max_length=40)

    class Meta:
        verbose_name = "search table version"
