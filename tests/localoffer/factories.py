import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.utils.text import slugify

from localoffer.models import (
    DirectoryIndexPage,
    HomePage,
    InformationPage,
    Location,
    Organization,
    ServiceAtLocation,
    ServicePage,
    Taxonomy,
    TaxonomyTerm,
    YouSaidWeDidPage,
)


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy
        django_get_or_create = ("vocabulary",)

    vocabulary = Taxonomy.NEEDS
    name = factory.LazyAttribute(lambda o: o.vocabulary.replace("-", " ").capitalize())
    description = "Terms used to describe services"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm
        django_get_or_create = ("taxonomy", "code")

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())
    description = factory.LazyAttribute(lambda o: f"Services for {o.name.lower()}")


def need(code, name=None):
    return TaxonomyTermFactory(taxonomy=TaxonomyFactory(vocabulary=Taxonomy.NEEDS), code=code, name=name or code)


def category(code, name=None):
    return TaxonomyTermFactory(taxonomy=TaxonomyFactory(vocabulary=Taxonomy.CATEGORIES), code=code, name=name or code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    description = "A provider of services for children with SEND"
    email = "hello@example.org"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Centre {n}")
    address_1 = "1 Example Street"
    postal_code = "NW5 1TL"
    latitude = Decimal("51.553600")
    longitude = Decimal("-0.141700")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Camden SEND Local Offer"
    introduction = "Services and support for children and young people with SEND"


class DirectoryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DirectoryIndexPage

    title = "Find services"
    slug = "services"


class InformationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = InformationPage

    title = "Education"
    summary = "Nurseries, schools and colleges"
    body = wagtail_factories.StreamFieldFactory({})


class YouSaidWeDidPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = YouSaidWeDidPage

    title = "You said, we did"
    slug = "you-said-we-did"


class ServicePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ServicePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Support for families"
    description = "<p>A service for children and young people with SEND.</p>"
    organization = factory.SubFactory(OrganizationFactory)
    minimum_age = 0
    maximum_age = 25
    assured_date = datetime.date(2026, 6, 1)
    delivery_methods = factory.LazyFunction(lambda: ["in_person"])

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        if extracted:
            self.needs.set(extracted)
            self.save_revision().publish()

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted:
            self.categories.set(extracted)
            self.save_revision().publish()

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        for location in extracted or []:
            ServiceAtLocation.objects.create(service=self, location=location)
