"""Keep a home-based provider's location down to its outcode however it is saved (see `privacy`)."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from localoffer import caching
from localoffer.models import Location, ServiceAtLocation

from . import privacy
from .models import OfstedRegistration


def _serves_home_based(location) -> bool:
    return OfstedRegistration.objects.filter(
        home_based=True, service__service_at_locations__location_id=location.pk
    ).exists()


@receiver(pre_save, sender=Location, dispatch_uid="ofsted.redact_location")
def redact_home_location(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk and _serves_home_based(instance):
        privacy.redact(instance)


@receiver(post_save, sender=ServiceAtLocation, dispatch_uid="ofsted.redact_linked_location")
def redact_linked_location(sender, instance, raw=False, **kwargs):
    """An editor adds a location with a street address to a childminder's page."""
    if raw:
        return
    if OfstedRegistration.objects.filter(service_id=instance.service_id, home_based=True).exists():
        location = instance.location
        if (
            location.address_1
            or location.address_2
            or privacy.outcode_for(location.postal_code) != location.postal_code
        ):
            location.save()  # redacted by the pre-save signal above


@receiver(post_save, sender=OfstedRegistration, dispatch_uid="ofsted.registration_saved")
def registration_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.home_based:
        for link in ServiceAtLocation.objects.filter(service_id=instance.service_id).select_related("location"):
            if link.location.address_1 or link.location.address_2:
                link.location.save()
    caching.content_changed()  # the service page shows the registration's judgement
