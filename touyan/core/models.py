from django.db import models


class ThrottleBucket(models.Model):
    """One throttled key (``login:203.0.113.9``): the moment its bucket will be empty again.

    ``touyan.core.throttles`` reads and moves it under a row lock; rows already empty are
    deleted as new requests come in.
    """

    key = models.CharField(max_length=120, unique=True)
    drained_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key
