"""Throttling that holds across processes and parallel requests: a leaky bucket per key, kept
as one database row and changed under a row lock.

A bucket holds ``burst`` drops and leaks one every ``interval`` seconds. Each counted request
adds a drop; a request that would overflow is refused with the seconds until there is room.
The row stores only the moment the bucket will be empty (the generic cell rate algorithm), so
taking a place is one locked read and one write, and empty buckets can simply be deleted.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import ThrottleBucket


@dataclass(frozen=True)
class Rate:
    burst: int
    interval: float  # seconds for one drop to leak away

    @property
    def step(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.interval)


def take(key: str, rate: Rate) -> int:
    """Count one request for ``key``: 0 when it may go ahead, else the whole seconds to wait."""
    now = timezone.now()
    with transaction.atomic():
        ThrottleBucket.objects.bulk_create(
            [ThrottleBucket(key=key, drained_at=now)], ignore_conflicts=True
        )
        bucket = ThrottleBucket.objects.select_for_update().get(key=key)
        drained_at = max(bucket.drained_at, now) + rate.step
        overflow = (drained_at - now) - rate.step * rate.burst
        if overflow > dt.timedelta(0):
            return max(1, math.ceil(overflow.total_seconds()))
        bucket.drained_at = drained_at
        bucket.save(update_fields=["drained_at"])
    ThrottleBucket.objects.filter(drained_at__lt=now).delete()
    return 0


def give_back(key: str, rate: Rate) -> None:
    """Undo one ``take`` for ``key`` (the request turned out not to count)."""
    with transaction.atomic():
        bucket = ThrottleBucket.objects.select_for_update().filter(key=key).first()
        if bucket is not None:
            bucket.drained_at -= rate.step
            bucket.save(update_fields=["drained_at"])
