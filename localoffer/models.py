"""The Local Offer directory's content model.

Field names follow Open Referral UK 3.0 (services, organizations, locations, contacts, schedules,
cost options, taxonomies) so the ORUK API serialises them without reshaping. British English lives in
verbose names and templates. Services, organisations, locations and taxonomy terms carry stable UUIDs.
"""

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from places.postcodes import lookup_postcode, normalise_postcode, postcode_area_is_known, postcode_is_valid

from .blocks import InformationStreamBlock

MAXIMUM_SERVICE_AGE = 25
REVIEW_INTERVAL = datetime.timedelta(days=365)


class Taxonomy(models.Model):
    """A vocabulary of terms: SEND needs, service categories."""

    NEEDS = "send-needs"
    CATEGORIES = "service-categories"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vocabulary = models.SlugField(unique=True, help_text="Machine name, e.g. send-needs")
    name = models.CharField(max_length=255)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self):
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(max_length=100, help_text="Used in web addresses, e.g. autism")
    name = models.CharField(max_length=255)
    description = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    term_uri = models.URLField(blank=True)

    panels = [
        FieldPanel("taxonomy"),
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("parent"),
        FieldPanel("term_uri"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "taxonomy term"
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code_per_taxonomy")]

    def __str__(self):
        return self.name


class Organization(index.Indexed, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=50, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("email"),
        FieldPanel("website"),
        FieldPanel("phone"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"

    def __str__(self):
        return self.name


class Location(index.Indexed, models.Model):
    """A place where services are delivered. ORUK location plus its (physical) address."""

    PHYSICAL, POSTAL, VIRTUAL = "physical", "postal", "virtual"
    LOCATION_TYPES = [(PHYSICAL, "Physical"), (POSTAL, "Postal"), (VIRTUAL, "Virtual")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location_type = models.CharField(max_length=20, choices=LOCATION_TYPES, default=PHYSICAL)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    address_1 = models.CharField("address line 1", max_length=255)
    address_2 = models.CharField("address line 2", max_length=255, blank=True)
    city = models.CharField("town or city", max_length=100, default="London")
    state_province = models.CharField("county", max_length=100, blank=True, default="Greater London")
    postal_code = models.CharField("postcode", max_length=10)
    country = models.CharField(max_length=2, default="GB")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility_description = models.TextField(
        "accessibility of this place", blank=True, help_text="Step-free access, accessible toilet, hearing loop..."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("location_type"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("address_1"),
                FieldPanel("address_2"),
                FieldPanel("city"),
                FieldPanel("state_province"),
                FieldPanel("postal_code"),
            ],
            heading="Address",
        ),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading="Coordinates"),
        FieldPanel("accessibility_description"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("postal_code"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.postal_code}"

    def clean(self):
        super().clean()
        if self.location_type != self.VIRTUAL:
            if not postcode_is_valid(self.postal_code) or not postcode_area_is_known(self.postal_code):
                raise ValidationError({"postal_code": "Enter a real UK postcode, like NW1 2DB"})
            self.postal_code = normalise_postcode(self.postal_code)
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": "Enter both latitude and longitude, or neither"})
        if self.latitude is None and self.location_type != self.VIRTUAL:
            point = lookup_postcode(self.postal_code)
            if point is not None:
                self.latitude, self.longitude = point.latitude, point.longitude

    @property
    def address_lines(self):
        return [line for line in [self.address_1, self.address_2, self.city, self.postal_code] if line]


class ServedRestrictionsMixin:
    """While a page is served, its view restrictions are read once: the page cache asks first
    (localoffer.caching.mark_cacheable keeps them on the page), then Wagtail's check asks again."""

    def get_view_restrictions(self):
        served = getattr(self, "_served_view_restrictions", None)
        return served if served is not None else super().get_view_restrictions()


class HomePage(ServedRestrictionsMixin, Page):
    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["localoffer.DirectoryIndexPage", "localoffer.InformationPage", "localoffer.YouSaidWeDidPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["directory"] = DirectoryIndexPage.objects.live().first()
        context["content_areas"] = InformationPage.objects.live().child_of(self).order_by("path")
        context["needs"] = TaxonomyTerm.objects.filter(taxonomy__vocabulary=Taxonomy.NEEDS)
        return context


class InformationPage(ServedRestrictionsMixin, Page):
    """Guidance for one of the areas a Local Offer must cover."""

    summary = models.TextField(help_text="One or two sentences shown in lists and search results")
    body = StreamField(InformationStreamBlock())

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    subpage_types = ["localoffer.InformationPage"]
    parent_page_types = ["localoffer.HomePage", "localoffer.InformationPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class DirectoryIndexPage(ServedRestrictionsMixin, Page):
    """The directory: every published service, browsable and narrowed by filters.

    The listing is rendered from `search.api.find_services`, so full-text and distance search
    land here without changing the template.
    """

    introduction = models.TextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["localoffer.ServicePage"]
    parent_page_types = ["localoffer.HomePage"]
    max_count = 1

    def serve(self, request, *args, **kwargs):
        from .views import directory_listing

        return directory_listing(request, self)

    def route(self, request, path_components):
        """A service page in one query. Wagtail's own route fetches the child as a plain Page and then
        its specific row; a directory's children are service pages (`subpage_types`), so ask for that
        directly. Anything else (a page moved here by hand) still routes the usual way."""
        if path_components:
            try:
                service = ServicePage.objects.child_of(self).get(slug=path_components[0])
            except ServicePage.DoesNotExist:
                return super().route(request, path_components)
            service._cached_parent_obj = self
            return service.route(request, path_components[1:])
        return super().route(request, path_components)


class ServicePageForm(WagtailAdminPageForm):
    delivery_methods = forms.MultipleChoiceField(
        label="How the service is delivered",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery_methods"].choices = ServicePage.DELIVERY_METHODS

    def clean(self):
        cleaned = super().clean()
        minimum, maximum = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add_error("maximum_age", "Maximum age must be the same as or more than the minimum age")
        return cleaned


class ServicePage(ServedRestrictionsMixin, Page):
    SELF, PROFESSIONAL, BOTH = "self", "professional", "both"
    REFERRAL_ROUTES = [
        (SELF, "Families can refer themselves"),
        (PROFESSIONAL, "Referral by a professional"),
        (BOTH, "Self-referral or by a professional"),
    ]
    DELIVERY_METHODS = [
        ("in_person", "In person"),
        ("online", "Online"),
        ("phone", "By phone"),
        ("home_visit", "Home visits"),
    ]
    ACTIVE, INACTIVE, DEFUNCT, TEMPORARILY_CLOSED = "active", "inactive", "defunct", "temporarily closed"
    STATUSES = [
        (ACTIVE, "Active"),
        (INACTIVE, "Inactive"),
        (DEFUNCT, "Closed permanently"),
        (TEMPORARILY_CLOSED, "Temporarily closed"),
    ]

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    summary = models.CharField(max_length=300, help_text="One sentence families see in the directory listing")
    description = RichTextField(features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    organization = models.ForeignKey(
        Organization, verbose_name="organisation", on_delete=models.PROTECT, related_name="services"
    )
    status = models.CharField(max_length=20, choices=STATUSES, default=ACTIVE)
    needs = ParentalManyToManyField(
        TaxonomyTerm,
        related_name="services_by_need",
        limit_choices_to={"taxonomy__vocabulary": Taxonomy.NEEDS},
        verbose_name="needs supported",
        blank=True,
    )
    categories = ParentalManyToManyField(
        TaxonomyTerm,
        related_name="services_by_category",
        limit_choices_to={"taxonomy__vocabulary": Taxonomy.CATEGORIES},
    )
    minimum_age = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MAXIMUM_SERVICE_AGE)], default=0, help_text="In years, 0 to 25"
    )
    maximum_age = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MAXIMUM_SERVICE_AGE)], default=MAXIMUM_SERVICE_AGE, help_text="In years, 0 to 25"
    )
    eligibility_description = models.TextField("who can use it", blank=True)
    referral_route = models.CharField(max_length=20, choices=REFERRAL_ROUTES, default=BOTH)
    is_free = models.BooleanField("free to use", default=True)
    fees_description = models.TextField("about costs", blank=True)
    delivery_methods = models.JSONField(default=list, blank=True)
    website = models.URLField(blank=True, help_text="The service's own web page (ORUK: url)")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="Languages the service is offered in")
    accessibility_description = models.TextField("accessibility information", blank=True)
    assured_date = models.DateField("last reviewed", default=datetime.date.today)
    review_due_on = models.DateField("review due", blank=True, null=True)

    base_form_class = ServicePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("organization"),
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldPanel("needs", widget=forms.CheckboxSelectMultiple),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Needs and categories",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
                FieldPanel("eligibility_description"),
                FieldPanel("referral_route"),
            ],
            heading="Who it is for",
        ),
        MultiFieldPanel(
            [FieldPanel("is_free"), FieldPanel("fees_description"), InlinePanel("cost_options", label="Cost option")],
            heading="Cost",
        ),
        FieldPanel("delivery_methods"),
        InlinePanel("service_at_locations", label="Location"),
        InlinePanel("schedules", label="Opening time"),
        InlinePanel("contacts", label="Contact"),
        MultiFieldPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], heading="Get in touch"),
        FieldPanel("languages"),
        FieldPanel("accessibility_description"),
        FieldRowPanel([FieldPanel("assured_date"), FieldPanel("review_due_on")], heading="Review"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
    ]
    parent_page_types = ["localoffer.DirectoryIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["uuid"]

    class Meta:
        verbose_name = "service"

    def clean(self):
        super().clean()
        if self.minimum_age is not None and self.maximum_age is not None and self.minimum_age > self.maximum_age:
            raise ValidationError({"maximum_age": "Maximum age must be the same as or more than the minimum age"})
        if self.assured_date and not self.review_due_on:
            self.review_due_on = self.assured_date + REVIEW_INTERVAL
        if isinstance(self.languages, str):
            self.languages = [part.strip() for part in self.languages.split(",") if part.strip()]

    def save(self, *args, **kwargs):
        if self.assured_date and not self.review_due_on:
            assured = self.assured_date
            if isinstance(assured, str):
                assured = datetime.date.fromisoformat(assured)
            self.review_due_on = assured + REVIEW_INTERVAL
        return super().save(*args, **kwargs)

    @property
    def delivery_method_labels(self):
        labels = dict(self.DELIVERY_METHODS)
        return [labels[m] for m in self.delivery_methods if m in labels]

    @property
    def age_range_label(self):
        if self.minimum_age == 0 and self.maximum_age == MAXIMUM_SERVICE_AGE:
            return "All ages, 0 to 25"
        return f"{self.minimum_age} to {self.maximum_age} years"

    @property
    def is_due_for_review(self):
        return bool(self.review_due_on and self.review_due_on <= timezone.localdate())

    @property
    def locations(self):
        return [sal.location for sal in self.service_at_locations.select_related("location")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["directory"] = self.get_parent().specific
        return context


class ChildOfService(Orderable):
    """A service's inline row with a UUID primary key that keeps its identity across revisions.

    Django inserts (never updates) an instance being added whose primary key has a default; rows
    rebuilt from a page revision are "being added" but already exist, so they are saved as updates.
    """

    def save(self, *args, **kwargs):
        if self._state.adding and self.pk and type(self)._default_manager.filter(pk=self.pk).exists():
            self._state.adding = False
        super().save(*args, **kwargs)

    class Meta(Orderable.Meta):
        abstract = True


class ServiceAtLocation(ChildOfService):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")

    panels = [FieldPanel("location")]

    class Meta(ChildOfService.Meta):
        verbose_name = "service at location"


class CostOption(ChildOfService):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=255, help_text="What the cost is for, e.g. 'One session'")
    amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message="Amount must be £0 or more, like 12.50")],
        help_text="In pounds, like 12.50",
    )
    amount_description = models.CharField("unit", max_length=100, help_text="e.g. per session, per hour, per term")

    panels = [FieldPanel("option"), FieldPanel("amount"), FieldPanel("amount_description")]

    def __str__(self):
        return f"{self.option}: £{self.amount} {self.amount_description}"


class Schedule(ChildOfService):
    """Opening times, one row per day (ORUK schedule with freq WEEKLY)."""

    DAYS = [
        ("MO", "Monday"),
        ("TU", "Tuesday"),
        ("WE", "Wednesday"),
        ("TH", "Thursday"),
        ("FR", "Friday"),
        ("SA", "Saturday"),
        ("SU", "Sunday"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField("day", max_length=2, choices=DAYS)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    description = models.CharField(max_length=255, blank=True, help_text="e.g. term time only")

    panels = [
        FieldPanel("byday"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("description"),
    ]

    def clean(self):
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": "Closing time must be after opening time"})

    @property
    def day_name(self):
        return dict(self.DAYS).get(self.byday, self.byday)


class ServiceContact(ChildOfService):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=255)
    title = models.CharField("role", max_length=255, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("email"), FieldPanel("phone")]

    def __str__(self):
        return self.name


class YouSaidWeDidPage(Page):
    """Families' comments on the Local Offer with the council's response, published at least yearly."""

    introduction = models.TextField(blank=True)
    privacy_notice = models.TextField(
        default=(
            "You do not need to give your name or any personal details. Do not include your child's name "
            "or anything that could identify your family. We publish comments without personal details, "
            "with our response, and keep comments for three years."
        )
    )
    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("privacy_notice")]
    parent_page_types = ["localoffer.HomePage"]
    subpage_types = []
    max_count = 1

    def serve(self, request, *args, **kwargs):
        from .views import you_said_we_did

        return you_said_we_did(request, self)


class Feedback(models.Model):
    """A comment on the Local Offer from the public. Anonymous: no personal data is asked for."""

    NEW, PUBLISHED, REJECTED = "new", "published", "rejected"
    STATUSES = [(NEW, "Waiting for moderation"), (PUBLISHED, "Published with response"), (REJECTED, "Not published")]

    comment = models.TextField(max_length=3000)
    about = models.CharField("what it is about", max_length=255, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=STATUSES, default=NEW)
    published_comment = models.TextField(
        blank=True, help_text="The comment as published, with any personal details removed"
    )
    response = models.TextField("our response", blank=True)
    action_taken = models.TextField("what we did", blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    panels = [
        FieldPanel("comment", read_only=True),
        FieldPanel("about", read_only=True),
        FieldPanel("submitted_at", read_only=True),
        FieldPanel("status"),
        FieldPanel("published_comment"),
        FieldPanel("response"),
        FieldPanel("action_taken"),
    ]

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "comment on the Local Offer"
        verbose_name_plural = "comments on the Local Offer"

    def __str__(self):
        return (self.published_comment or self.comment)[:60]

    def clean(self):
        if self.status == self.PUBLISHED:
            errors = {}
            if not self.published_comment.strip():
                errors["published_comment"] = "Enter the comment as it will be published, without personal details"
            if not self.response.strip():
                errors["response"] = "Enter the council's response before publishing"
            if errors:
                raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.status != self.NEW and self.moderated_at is None:
            self.moderated_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def year(self):
        return timezone.localtime(self.submitted_at).year


class PostcodePoint(models.Model):
    """A postcode imported from the ONS Postcode Directory, for national offline coverage.

    The shipped files in `data/` (two demo boroughs plus every outcode's centroid) are read
    without importing; this table takes precedence when it holds the postcode.
    """

    postcode = models.CharField(max_length=8, primary_key=True, help_text="Upper case with one space")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = "postcode"

    def __str__(self):
        return self.postcode


from .models_oruk import Feed, ImportLine, ImportRun, ORUKImportRecord, QuarantinedRecord  # noqa: E402, F401
