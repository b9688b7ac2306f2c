from django.conf import settings
from django.db import models
from django.utils import timezone


class ThrottleBucket(models.Model):
    """One throttled key (``login:203.0.113.9``): the moment its bucket will be empty again.

    ``touyan.core.throttles`` reads and moves it under a row lock; rows already empty are
    deleted as new requests come in.
    """

    key = models.CharField(max_length=120, unique=True)
    drained_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key


class Stamped(models.Model):
    """When a row was made and by whom; kept when the account is later removed."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
