"""Readable names for the policy codes a record carries, for lists on several pages."""

from touyan.policies.names import shown

from .lengths import min_chars_for


def label_activities(activities, spec) -> list:
    names = {t.code: shown(t) for t in spec.activity_types}
    activities = list(activities)
    for activity in activities:
        activity.type_name = names.get(activity.activity_type, activity.activity_type)
    return activities


def label_deliverables(deliverables, spec) -> list:
    names = {k.code: shown(k) for k in spec.deliverable_kinds}
    deliverables = list(deliverables)
    for deliverable in deliverables:
        deliverable.kind_name = names.get(deliverable.kind, deliverable.kind)
        deliverable.minimum = min_chars_for(spec, deliverable.kind)
        deliverable.short = (
            bool(deliverable.minimum) and deliverable.counted_chars < deliverable.minimum
        )
        deliverable.length_label = f"{deliverable.char_count:,}" + (
            f" / {deliverable.minimum:,}" if deliverable.minimum else ""
        )
    return deliverables
