"""Reads for assessment rounds, scoped to what the user may see."""

from django.db.models import QuerySet

from touyan.programmes.access import access_of
from touyan.programmes.selectors import programmes_visible_to

from .models import Case, Round, Score

# Expert scoring and the centre's round pages -------------------------------------------------


def managed_rounds(user) -> QuerySet[Round]:
    """The rounds of the programmes the user manages."""
    access = access_of(user)
    managed = [p.pk for p in programmes_visible_to(user) if access.manages(p)]
    return Round.objects.filter(programme__in=managed).select_related("programme", "cohort")


def managed_cases(user) -> QuerySet[Case]:
    return Case.objects.filter(round__in=managed_rounds(user).values("pk")).select_related(
        "round__programme", "studio", "member__principal", "trainee__principal"
    )


def scores_of(user) -> QuerySet[Score]:
    """The expert's own assignments in rounds past their preparation: before scoring starts the
    dossiers are not final, so nothing is shown."""
    return (
        Score.objects.filter(expert=user)
        .exclude(case__round__stage=Round.Stage.PREPARING)
        .select_related("case__round__programme", "case__studio", "case__trainee__principal")
    )


def next_open_score(user, *, after: Score | None = None) -> Score | None:
    """The expert's next case still to score, oldest assignment first."""
    waiting = scores_of(user).filter(
        submitted_at__isnull=True,
        case__round__stage=Round.Stage.SCORING,
        case__status=Case.Status.SUBMITTED,
    )
    if after is not None:
        waiting = waiting.exclude(pk=after.pk)
    return waiting.order_by("assigned_at", "pk").first()
