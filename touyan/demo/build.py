"""The whole demo: Hainan and Hangzhou registries, the demo accounts, one running programme in
each region and its selection calls (Hainan's studios formed from the closed last cycle's and a
published member allocation; Hangzhou's cohort 1 finished, cohort 2 chosen by a finalised call
and mid-course; the studios' 入校诊断 rotation; the first annual assessment of the studios; cohort 1's
course to its end; the funds of both; the Hainan hosts' documents and the tasks they give
members; the studios' shared library, public sites and online community), in one transaction."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from touyan.core.actors import Actor

from .assessment_hainan import AssessmentWritten, build_hainan_assessment
from .calendar_years import ensure_years_known
from .community_hainan import CommunityWritten, build_hainan_community
from .diagnosis_hainan import DiagnosisWritten, build_hainan_diagnosis
from .funding_hainan import build_hainan_funding
from .funding_hangzhou import build_hangzhou_funding
from .funding_kit import FundingWritten
from .hainan import hainan_schools
from .hangzhou import hangzhou_schools
from .library_hainan import LibraryWritten, build_hainan_library
from .ningbo import ningbo_schools
from .programmes_hainan import build_hainan_programme
from .programmes_hangzhou import (
    build_hangzhou_programme,
    build_hangzhou_second_cohort,
    partner_schools,
)
from .programmes_ningbo import build_ningbo_programme
from .publishing_hainan import SiteWritten, build_hainan_site
from .record_kit import ProgrammeWritten
from .selection_hainan import build_hainan_selection
from .selection_hangzhou import build_hangzhou_selection
from .selection_story import SelectionWritten
from .studio_work_hainan import StudioWorkWritten, build_hainan_studio_work
from .training_course import CourseWritten, build_training_course
from .users import AccountsWritten, ensure_demo_users
from .writer import Written, write_schools

SEED = 20260460  # fixed: every run describes the same demo


@dataclass
class DemoSummary:
    hainan: Written
    hangzhou: Written
    ningbo: Written
    partners: Written
    accounts: AccountsWritten
    studios: ProgrammeWritten
    hainan_diagnosis: DiagnosisWritten
    training: ProgrammeWritten  # cohort 1 (finished)
    second_cohort: ProgrammeWritten  # cohort 2 (mid-course), once the selection has made it
    host_selection: SelectionWritten
    trainee_selection: SelectionWritten
    assessment: AssessmentWritten
    course: CourseWritten
    hainan_funding: FundingWritten
    hangzhou_funding: FundingWritten
    studio_work: StudioWorkWritten
    hainan_library: LibraryWritten
    hainan_site: SiteWritten
    hainan_community: CommunityWritten
    third: ProgrammeWritten


def build_demo(*, seed: int = SEED, today: dt.date | None = None) -> DemoSummary:
    """``today`` anchors the programmes' records (the demo is always partway through them);
    a programme already there is left as it is."""
    today = today or timezone.localdate()
    # One generator per region, so that changing one region's data leaves the other's alone.
    hainan = hainan_schools(random.Random(f"{seed}-hainan"))
    hangzhou = hangzhou_schools(random.Random(f"{seed}-hangzhou"))
    ningbo = ningbo_schools(random.Random(f"{seed}-ningbo"))
    partners = partner_schools(random.Random(f"{seed}-partners"))
    heads = {spec.key: spec.head for spec in (*hainan, *hangzhou, *ningbo)}
    actor = Actor.command_line()
    with transaction.atomic():
        ensure_years_known(actor=actor, through=today)
        summary = DemoSummary(
            hainan=write_schools(hainan, actor=actor),
            hangzhou=write_schools(hangzhou, actor=actor),
            ningbo=write_schools(ningbo, actor=actor),
            partners=write_schools(partners, actor=actor),
            accounts=ensure_demo_users(actor=actor, heads=heads),
            studios=build_hainan_programme(
                actor=actor, rng=random.Random(f"{seed}-hainan-studios"), today=today
            ),
            # After the studios' records, whose 入校诊断 activities the held visits are.
            hainan_diagnosis=build_hainan_diagnosis(
                actor=actor, rng=random.Random(f"{seed}-hainan-diagnosis"), today=today
            ),
            training=build_hangzhou_programme(
                actor=actor, rng=random.Random(f"{seed}-hangzhou-training"), today=today
            ),
            host_selection=build_hainan_selection(
                actor=actor, rng=random.Random(f"{seed}-hainan-selection"), today=today
            ),
            trainee_selection=build_hangzhou_selection(
                actor=actor, rng=random.Random(f"{seed}-hangzhou-selection"), today=today
            ),
            # After the selection, whose finalised call fills cohort 2.
            second_cohort=build_hangzhou_second_cohort(
                actor=actor, rng=random.Random(f"{seed}-hangzhou-cohort-2"), today=today
            ),
            # After the selection stories, whose experts it calls on.
            assessment=build_hainan_assessment(
                actor=actor, rng=random.Random(f"{seed}-hainan-assessment"), today=today
            ),
            # After both cohorts' records: mentors, plans, leave, research, removal,
            # completion and certificates.
            course=build_training_course(
                actor=actor, rng=random.Random(f"{seed}-hangzhou-course"), today=today
            ),
            # After the assessment, which revoked 乐东中学's studio whose funds it settles.
            hainan_funding=build_hainan_funding(
                actor=actor, rng=random.Random(f"{seed}-hainan-funding"), today=today
            ),
            # After the course, whose cohort 1 sessions the expenses are for.
            hangzhou_funding=build_hangzhou_funding(
                actor=actor, rng=random.Random(f"{seed}-hangzhou-funding"), today=today
            ),
            # After the programmes, whose studios and demo accounts it needs.
            studio_work=build_hainan_studio_work(actor=actor, today=today),
            # After the records and the funds: studios share their work in the library.
            hainan_library=build_hainan_library(
                actor=actor, rng=random.Random(f"{seed}-hainan-library"), today=today
            ),
            # After the funding steps: the studios' public sites, with their posts and photos.
            hainan_site=build_hainan_site(
                actor=actor, rng=random.Random(f"{seed}-hainan-site"), today=today
            ),
            # After the funding steps: the demo studio's threads and online study sessions.
            hainan_community=build_hainan_community(actor=actor, today=today),
            # The third preset's programme (EX-1 … EX-11), after the accounts it uses.
            third=build_ningbo_programme(
                actor=actor, rng=random.Random(f"{seed}-ningbo-backbone"), today=today
            ),
        )
        return summary
