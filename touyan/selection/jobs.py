"""Selection's retention: who lodged an objection is kept only while it is being handled."""

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length

from touyan.core import registry, retention

from .models import Objection


def forget_objectors(now):
    """An objector's name and contact are blanked once their notice was finalised longer ago
    than the period; what they objected to, and how it was decided, stay."""
    before = retention.cutoff("objectors", now)
    with transaction.atomic():
        # The fields are encrypted (no lookups): whether one still holds something is read
        # from the stored value's length.
        still_named = (
            Objection.objects.filter(notice__finalised_at__lt=before)
            .annotate(name_length=Length("name"), contact_length=Length("contact"))
            .filter(Q(name_length__gt=0) | Q(contact_length__gt=0))
            .values_list("pk", flat=True)
        )
        count = Objection.objects.filter(pk__in=list(still_named)).update(name="", contact="")
        return [retention.purged("objectors", count, before=before)]


registry.RETENTION.add(forget_objectors, weight=60)
