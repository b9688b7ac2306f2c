"""Who may import a record workbook into a programme: whoever may record for at least one of its
studios or cohorts. Which rows they may write is checked row by row (``lookups.may_record_for``)."""

import rules


@rules.predicate
def records_for_some_organiser(user, programme) -> bool:
    if programme is None or not getattr(user, "is_authenticated", False):
        return False
    from touyan.programmes.models import Cohort, Studio

    for studio in Studio.objects.filter(programme=programme):
        studio.programme = programme
        if user.has_perm("records.record_for_studio", studio):
            return True
    for cohort in Cohort.objects.filter(programme=programme):
        cohort.programme = programme
        if user.has_perm("records.record_for_cohort", cohort):
            return True
    return False


rules.add_perm("records.import_records", records_for_some_organiser)
