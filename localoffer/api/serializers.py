"""DRF serializers whose representation is the ORUK record built in `localoffer.oruk.serialize`.

They are read-only; the same mapping feeds `oruk_export`, so the API and the export never differ."""

from rest_framework import serializers

from ..oruk import serialize


class ORUKSerializer(serializers.BaseSerializer):
    def to_internal_value(self, data):  # pragma: no cover - the API is read-only
        raise NotImplementedError("The ORUK API is read-only")


class ServiceListSerializer(ORUKSerializer):
    def to_representation(self, instance):
        return serialize.service_summary(instance)


class ServiceSerializer(ORUKSerializer):
    def to_representation(self, instance):
        return serialize.service_full(instance)


class ServiceAtLocationListSerializer(ORUKSerializer):
    def to_representation(self, instance):
        return serialize.service_at_location(
            instance, instance.service, nested_service=serialize.service_summary(instance.service)
        )


class ServiceAtLocationSerializer(ORUKSerializer):
    def to_representation(self, instance):
        service = self.context["service"]
        nested = serialize.service_full(service)
        nested.pop("service_at_locations", None)  # the record is itself one of them
        return serialize.service_at_location(instance, service, nested_service=nested)


class OrganizationSerializer(ORUKSerializer):
    def to_representation(self, instance):
        record = serialize.organization(instance)
        services = getattr(instance, "published_services", None)
        if services is not None:
            record["services"] = [serialize.service_full(service) for service in services]
        return record


class TaxonomySerializer(ORUKSerializer):
    def to_representation(self, instance):
        terms = getattr(instance, "all_terms", None)
        return serialize.taxonomy(instance, terms=terms)


class TaxonomyTermSerializer(ORUKSerializer):
    def to_representation(self, instance):
        return serialize.taxonomy_term(instance)
