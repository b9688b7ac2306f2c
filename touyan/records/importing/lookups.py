"""What the rows of a record workbook are checked against, read once per file: the programme's
policy (activity types, topics, deliverable kinds), its studios and cohorts with their people,
the schools of its area, and what the uploader may record for."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from django.utils.translation import gettext as _

from touyan.core.text import join_list
from touyan.people.models import Principal, School
from touyan.programmes.models import Cohort, Programme, Studio, StudioMember, Trainee
from touyan.programmes.policy import spec_of
from touyan.programmes.rules import hosts_studio
from touyan.records.selectors import may_hand_in_as
from touyan.regions.codes import scope_prefix
from touyan.regions.models import Region
from touyan.regions.selectors import within

from .cells import CellError, clean_text

LISTED = 12  # how many choices a refusal names before “等”
_PERSON = ("principal__id_number", "principal__mobile")
_HOST = ("host__id_number", "host__mobile")
_BRACKETED = re.compile(r"^(?P<school>.+)\((?P<county>[^()]+)\)$")


def _key(text: str) -> str:
    return clean_text(text).replace(" ", "")


def _choices(names: list[str]) -> str:
    if len(names) <= LISTED:
        return join_list(names)
    return _("%(names)s 等 %(n)d 项") % {"names": join_list(names[:LISTED]), "n": len(names)}


_NUMERALS = "零一二三四五六七八九十"


def _chinese_number(number: int) -> str:
    if number <= 10:
        return _NUMERALS[number]
    tens, ones = divmod(number, 10)
    return (_NUMERALS[tens] if tens > 1 else "") + "十" + (_NUMERALS[ones] if ones else "")


class Vocabulary:
    """The codes of one list of the policy, found by code or by name."""

    def __init__(self, entries):
        self.names = [entry.name for entry in entries]
        self.by_spelling = {}
        for entry in entries:
            self.by_spelling[_key(entry.code)] = entry.code
            self.by_spelling[_key(entry.name)] = entry.code
        self.name_of = {entry.code: entry.name for entry in entries}

    def find(self, text: str) -> str | None:
        return self.by_spelling.get(_key(text))

    @property
    def listing(self) -> str:
        return _choices(self.names)


class People:
    """A set of people, to find someone in by name."""

    def __init__(self, principals):
        self.by_name: dict[str, list[Principal]] = defaultdict(list)
        seen = set()
        for principal in principals:
            if principal.pk not in seen:
                seen.add(principal.pk)
                self.by_name[_key(principal.name)].append(principal)

    def named(self, name: str) -> list[Principal]:
        return self.by_name.get(_key(name), [])


class ProgrammeLookups:
    def __init__(self, programme: Programme, *, user=None):
        self.programme = programme
        self.user = user
        spec = spec_of(programme)
        self.activity_types = Vocabulary(spec.activity_types)
        self.topics = Vocabulary(spec.curriculum.topics if spec.curriculum else [])
        self.kinds = Vocabulary(spec.deliverable_kinds)
        self.studios = list(
            Studio.objects.filter(programme=programme)
            .select_related("host__school")
            .defer(*_HOST)
            .order_by("name", "pk")
        )
        self.cohorts = list(Cohort.objects.filter(programme=programme).order_by("number"))
        for item in (*self.studios, *self.cohorts):
            item.programme = programme  # the rules read it; no query per organiser
        self._organisers = self._organiser_spellings()
        self.members: dict[int, list[StudioMember]] = defaultdict(list)
        members = StudioMember.objects.filter(studio__programme=programme)
        for member in members.select_related("principal__school").defer(*_PERSON):
            self.members[member.studio_id].append(member)
        self.trainees: dict[int, list[Trainee]] = defaultdict(list)
        trainees = Trainee.objects.filter(cohort__programme=programme)
        for trainee in trainees.select_related("principal__school").defer(*_PERSON):
            self.trainees[trainee.cohort_id].append(trainee)
        self._allowed: dict[tuple[str, int], bool] = {}
        self._people: dict[tuple, People] = {}
        self._schools: dict[str, School] = {}
        prefixes = [scope_prefix(programme.jurisdiction_id)]
        prefixes += [scope_prefix(code) for code in programme.partner_regions or []]
        self.school_prefixes = list(prefixes)
        self._counties: list[Region] | None = None

    # organisers ---------------------------------------------------------------------------

    def _organiser_spellings(self) -> dict[str, list]:
        spellings: dict[str, list] = defaultdict(list)
        for studio in self.studios:
            host = _key(studio.host.name)
            for spelling in {_key(studio.name), host, host + "工作室"}:
                spellings[spelling].append(studio)
        for cohort in self.cohorts:
            number = cohort.number
            for spelling in {
                _key(cohort.name),
                str(number),
                f"第{number}期",
                f"第{_chinese_number(number)}期" if number < 100 else "",
            } - {""}:
                spellings[spelling].append(cohort)
        return spellings

    def organiser(self, text: str) -> Studio | Cohort:
        found = self._organisers.get(_key(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(
                _("“%(value)s”对应多个工作室（%(names)s），请写工作室全称")
                % {"value": text, "names": join_list(str(item) for item in found)}
            )
        names = [str(item) for item in (*self.studios, *self.cohorts)]
        if not names:
            raise CellError(_("本项目还没有工作室或培训班，无法记录“%(value)s”") % {"value": text})
        raise CellError(
            _("“%(value)s”不是本项目的工作室或培训班（可填：%(names)s）")
            % {"value": text, "names": _choices(names)}
        )

    def may_record_for(self, organiser: Studio | Cohort) -> bool:
        if self.user is None:
            return True
        key = (type(organiser).__name__, organiser.pk)
        if key not in self._allowed:
            self._allowed[key] = self.user.has_perm("records.record_for", organiser)
        return self._allowed[key]

    def hosts(self, studio: Studio) -> bool:
        """The uploader hosts ``studio``."""
        return self.user is not None and hosts_studio(self.user, studio)

    def may_hand_in(self, studio: Studio | None, principal: Principal | None) -> bool:
        """Whether the uploader may hand a deliverable in under this owner's name (the owner
        being one of the programme's), as the deliverable form allows."""
        if self.user is None:
            return True
        return may_hand_in_as(
            self.user, self.programme, studio, principal.pk if principal else None
        )

    # people -------------------------------------------------------------------------------

    def membership(self, studio: Studio, principal_id: int) -> StudioMember | None:
        return next(
            (m for m in self.members.get(studio.pk, ()) if m.principal_id == principal_id), None
        )

    def participants(self, studios, cohort: Cohort | None, on: dt.date) -> People:
        """Who is expected at an activity, as ``records.services.expected_participants`` has
        it: the hosts and the members current on the day, or every trainee of the cohort."""
        key = (tuple(s.pk for s in studios), cohort.pk if cohort else None, on)
        if key not in self._people:
            people: dict[int, Principal] = {}
            for studio in studios:
                people[studio.host_id] = studio.host
                for member in self.members.get(studio.pk, ()):
                    if member.joined_on <= on and (member.left_on is None or member.left_on >= on):
                        people[member.principal_id] = member.principal
            if cohort is not None:
                for trainee in self.trainees.get(cohort.pk, ()):
                    people[trainee.principal_id] = trainee.principal
            self._people[key] = People(people.values())
        return self._people[key]

    def studio_people(self, studio: Studio) -> People:
        """A studio's host and everyone who has been its member (deliverables of members)."""
        key = ("studio", studio.pk)
        if key not in self._people:
            members = [m.principal for m in self.members.get(studio.pk, ())]
            self._people[key] = People([studio.host, *members])
        return self._people[key]

    def trainee_people(self, cohort: Cohort | None = None) -> People:
        key = ("trainees", cohort.pk if cohort else None)
        if key not in self._people:
            cohorts = [cohort.pk] if cohort is not None else list(self.trainees)
            self._people[key] = People(
                t.principal for c in cohorts for t in self.trainees.get(c, ())
            )
        return self._people[key]

    def cohort_of_trainee(self, principal_id: int) -> Cohort | None:
        cohorts = {cohort.pk: cohort for cohort in self.cohorts}
        for cohort_id, trainees in self.trainees.items():
            if any(t.principal_id == principal_id for t in trainees):
                return cohorts[cohort_id]
        return None

    @staticmethod
    def person(people: People, name: str, school: str, *, whom: str) -> Principal:
        """The one person among ``people`` of that name (and school, when given)."""
        same_name = people.named(name)
        if not same_name:
            raise CellError(_("“%(name)s”不是%(whom)s") % {"name": name, "whom": whom})
        if school:
            school_key = _key(school)
            exact = [p for p in same_name if _key(p.school.name) == school_key]
            near = exact or [
                p
                for p in same_name
                if school_key in _key(p.school.name) or _key(p.school.name) in school_key
            ]
            if len(near) == 1:
                return near[0]
            if not near:
                raise CellError(
                    _("%(whom)s中没有%(school)s的“%(name)s”（登记的学校：%(schools)s）")
                    % {
                        "whom": whom,
                        "school": school,
                        "name": name,
                        "schools": join_list(p.school.name for p in same_name),
                    }
                )
            same_name = near
        if len(same_name) == 1:
            return same_name[0]
        raise CellError(
            _("%(whom)s中有 %(n)d 位“%(name)s”（%(schools)s），请填写学校以区分")
            % {
                "whom": whom,
                "n": len(same_name),
                "name": name,
                "schools": join_list(p.school.name for p in same_name),
            }
        )

    # schools ------------------------------------------------------------------------------

    def school(self, text: str) -> School:
        """A school of the programme's area (or its partner regions) by name; a name shared
        by several schools may be written with its county in front (龙华区海南中学) or
        after it in brackets (海南中学（龙华区）)."""
        key = _key(text)
        if key not in self._schools:
            self._schools[key] = self._find_school(key, text)
        return self._schools[key]

    def _find_school(self, key: str, text: str) -> School:
        schools = School.objects.filter(
            within(self.school_prefixes, "region__code")
        ).select_related("region")
        found = list(schools.filter(name=key))
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(
                _("本项目范围内有 %(n)d 所“%(name)s”（%(counties)s），请写成“%(example)s”")
                % {
                    "n": len(found),
                    "name": text,
                    "counties": join_list(school.region.name for school in found),
                    "example": f"{found[0].region.name}{text}",
                }
            )
        school = self._with_county(schools, key)
        if school is None:
            raise CellError(_("学校名册中没有“%(name)s”（本项目范围内）") % {"name": text})
        return school

    def _with_county(self, schools, key: str) -> School | None:
        if self._counties is None:
            self._counties = list(Region.objects.filter(within(self.school_prefixes)))
        bracketed = _BRACKETED.match(key)
        for county in self._counties:
            if bracketed and bracketed["county"] == county.name:
                name = bracketed["school"]
            elif key.startswith(county.name) and len(key) > len(county.name):
                name = key[len(county.name) :]
            else:
                continue
            found = list(
                schools.filter(region__code__startswith=scope_prefix(county.code), name=name)
            )
            if len(found) == 1:
                return found[0]
        return None
