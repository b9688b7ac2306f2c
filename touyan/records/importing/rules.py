"""Who may import a record workbook into a programme: whoever may record for at least one of its
studios or cohorts. Which rows they may write is checked row by row (``lookups.may_record_for``)."""

import rules


@rules.predicate
def records_for_some_organiser(user, programme) -> bool:
    if programme is None or not getattr(user, "is_authenticated", False):
        return False
    from touyan.records.selectors import cohorts_recorded_by, studios_recorded_by

    return (
        studios_recorded_by(user, programme).exists()
        or cohorts_recorded_by(user, programme).exists()
    )


rules.add_perm("records.import_records", records_for_some_organiser)
