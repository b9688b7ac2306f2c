import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import DOCUMENTS, CheckedFilesField, check_upload
from touyan.people.models import School
from touyan.policies import schema
from touyan.policies.names import shown
from touyan.programmes.forms import DATE

from .lengths import (
    BODY_MAX,
    DESCRIPTION_MAX,
    MAX_DECLARED_CHARS,
    NOTE_MAX,
    PLACE_MAX,
    TITLE_MAX,
    owners_of,
)
from .models import Attendance, Level, ResearchOutcome
from .services import Mark

# The form says what the services say: the limit and how long the text is, in the user's words.
TOO_LONG = {"max_length": _("最多 %(limit_value)s 字，现有 %(show_value)s 字")}
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LEVEL_CHOICES = [("", "—"), *Level.choices]


def school_label(school: School) -> str:
    return f"{school.name}（{school.region.name}）"


# Activities --------------------------------------------------------------------------------

# The largest id any of the supported databases stores; a larger one is refused, not queried.
LARGEST_ID = 2**63 - 1


class StudiosField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not text.isdigit() or not 1 <= int(text) <= LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super()._check_values(value)


class ActivityForm(forms.Form):
    """An activity's own fields; on creation also who organises it and its first files.

    ``organisers`` is how the organiser is chosen: ``studios`` (the centre picks one studio or
    several), ``cohort`` (the centre picks a cohort), ``own`` (a host's own studio, nothing to
    choose), or None (editing).
    """

    studios = StudiosField(
        label=_("组织的工作室"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("几个工作室联合举办的活动（工作室联合活动）勾选所有参与的工作室。"),
    )
    cohort = forms.ModelChoiceField(label=_("培训班"), queryset=None)
    studio_query = forms.CharField(
        label=_("查找工作室"),
        required=False,
        max_length=64,
        help_text=_("输入工作室或主持人姓名的一部分，点“查找”；已勾选的工作室保留在上方。"),
    )
    activity_type = forms.ChoiceField(label=_("活动类型"))
    title = forms.CharField(label=_("活动名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    date = forms.DateField(label=_("日期"), widget=DATE)
    end_date = forms.DateField(
        label=_("结束日期"), required=False, widget=DATE, help_text=_("活动持续多天时填写")
    )
    start_time = forms.TimeField(label=_("开始时间"), required=False, widget=TIME)
    end_time = forms.TimeField(label=_("结束时间"), required=False, widget=TIME)
    place = forms.CharField(
        label=_("地点"), max_length=PLACE_MAX, error_messages=TOO_LONG, required=False
    )
    school_query = forms.CharField(
        label=_("查找学校"),
        required=False,
        max_length=64,
        help_text=_("输入校名的一部分，点“查找”；下拉框先列出本项目成员的学校。"),
    )
    place_school = forms.ModelChoiceField(
        label=_("活动所在学校"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("（不在某所学校）"),
        help_text=_("入校诊断、送培下乡、结对帮扶等活动请选定学校。"),
    )
    level = forms.ChoiceField(label=_("级别"), required=False, choices=LEVEL_CHOICES)
    topic = forms.ChoiceField(label=_("课程专题"), required=False)
    hours = forms.DecimalField(
        label=_("学时"), required=False, max_digits=5, decimal_places=1, min_value=Decimal("0.5")
    )
    description = forms.CharField(
        label=_("活动内容"),
        required=False,
        max_length=DESCRIPTION_MAX,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = CheckedFilesField(
        kind="activity",
        label=_("资料与照片"),
        required=False,
        help_text=_("可多选；照片 jpg、png，资料 pdf、docx、xlsx，每个不超过 20 MB。"),
    )

    ORGANISER_FIELDS = ("studios", "cohort")

    def __init__(
        self,
        *args,
        spec: schema.Policy,
        schools,
        shown_schools,
        shown_studios=None,
        organisers: str | None = None,
        studios=None,
        cohorts=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.organisers = organisers
        for name in self.ORGANISER_FIELDS:
            if name != organisers:
                del self.fields[name]
        if organisers == "studios":
            self.fields["studios"].queryset = studios
        if shown_studios is None:
            del self.fields["studio_query"]
        else:
            # Every studio of the programme is accepted; only a short list is offered.
            self.fields["studios"].widget.choices = [(s.pk, s.name) for s in shown_studios]
        if organisers == "cohort":
            self.fields["cohort"].queryset = cohorts
        if organisers is None:
            del self.fields["files"]
        self.fields["activity_type"].choices = [(t.code, shown(t)) for t in spec.activity_types]
        if spec.curriculum:
            self.fields["topic"].choices = [("", "—")] + [
                (t.code, _("%(topic)s（%(hours)d 学时）") % {"topic": shown(t), "hours": t.hours})
                for t in spec.curriculum.topics
            ]
        else:
            del self.fields["topic"], self.fields["hours"]
        place = self.fields["place_school"]
        place.queryset = schools
        # Every school the user may pick is accepted; only a short list is offered.
        place.widget.choices = [("", place.empty_label)] + [
            (s.pk, school_label(s)) for s in shown_schools
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end < start and not data.get("end_date"):
            self.add_error("end_time", _("结束时间不能早于开始时间"))
        return data

    def activity_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "activity_type",
                "title",
                "date",
                "end_date",
                "start_time",
                "end_time",
                "place",
                "place_school",
                "level",
                "description",
            )
        }
        fields["topic"] = data.get("topic") or ""
        fields["hours"] = data.get("hours")
        return fields


def activity_initial(activity) -> dict:
    names = (
        "activity_type",
        "title",
        "date",
        "end_date",
        "start_time",
        "end_time",
        "place",
        "level",
        "topic",
        "hours",
        "description",
    )
    return {name: getattr(activity, name) for name in names} | {
        "place_school": activity.place_school_id
    }


# Above this many studios a filter names a studio by a search, not by a list of every one.
FILTER_STUDIOS_LISTED = 100


def studios_to_list(studios, selected: str):
    """The studios a filter lists: all of them, or in a large programme only the one chosen
    (a studio page links to its own activities and deliverables)."""
    if studios.count() <= FILTER_STUDIOS_LISTED:
        return list(studios), False
    chosen = selected.rsplit("-", 1)[-1]
    return (list(studios.filter(pk=int(chosen))) if chosen.isdigit() else []), True


class ActivityFilterForm(forms.Form):
    organiser = forms.ChoiceField(label=_("组织方"), required=False)
    studio_name = forms.CharField(label=_("工作室名称"), required=False, max_length=64)
    activity_type = forms.ChoiceField(label=_("活动类型"), required=False)
    month = forms.CharField(
        label=_("月份"), required=False, widget=forms.DateInput(attrs={"type": "month"})
    )

    def __init__(self, *args, spec: schema.Policy, studios, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        listed, searched = studios_to_list(studios, self.data.get("organiser") or "")
        if not searched:
            del self.fields["studio_name"]
        self.fields["organiser"].choices = (
            [("", _("全部"))]
            + [(f"studio-{s.pk}", s.name) for s in listed]
            + [(f"cohort-{c.pk}", c.name) for c in cohorts]
        )
        self.fields["activity_type"].choices = [("", _("全部类型"))] + [
            (t.code, shown(t)) for t in spec.activity_types
        ]

    def clean_month(self) -> tuple[int, int] | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
        if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2100:
            raise ValidationError(_("月份格式应为 2025-09"))
        return int(match[1]), int(match[2])

    def narrow(self, activities):
        data = self.cleaned_data
        if data["organiser"]:
            kind, pk = data["organiser"].split("-")
            activities = activities.filter(**{f"organisers__{kind}_id": int(pk)})
        if data.get("studio_name", "").strip():
            activities = activities.filter(
                organisers__studio__name__contains=data["studio_name"].strip()
            )
        if data["activity_type"]:
            activities = activities.filter(activity_type=data["activity_type"])
        if data["month"]:
            year, month = data["month"]
            activities = activities.filter(date__year=year, date__month=month)
        return activities


class FileUploadForm(forms.Form):
    files = CheckedFilesField(
        kind="activity",
        label=_("添加资料与照片"),
        help_text=_("可多选；照片 jpg、png，资料 pdf、docx、xlsx，每个不超过 20 MB。"),
    )


class AttendanceForm(forms.Form):
    """One row per expected participant: 出勤 / 请假 / 缺勤 and whether they gave a talk.
    People not yet marked start as 出勤, the common case, so a roll call is a few taps."""

    def __init__(self, *args, people, existing: dict[int, Attendance], **kwargs):
        super().__init__(*args, **kwargs)
        self.people, self.existing = people, existing
        for person in people:
            row = existing.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=row.status if row else Attendance.Status.PRESENT,
            )
            self.fields[f"presented_{person.pk}"] = forms.BooleanField(
                label=_("作报告或展示"), required=False, initial=row.presented if row else False
            )

    def rows(self):
        for person in self.people:
            yield (
                person,
                self[f"status_{person.pk}"],
                self[f"presented_{person.pk}"],
                self.existing.get(person.pk),
            )

    def marks(self) -> list[Mark]:
        data = self.cleaned_data
        return [
            Mark(
                principal_id=person.pk,
                status=data[f"status_{person.pk}"],
                presented=data[f"presented_{person.pk}"],
                note=self.existing[person.pk].note if person.pk in self.existing else "",
            )
            for person in self.people
        ]


# Deliverables ------------------------------------------------------------------------------


class DeliverableForm(forms.Form):
    owner = forms.ChoiceField(label=_("提交人"))
    kind = forms.ChoiceField(label=_("成果类型"))
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=BODY_MAX,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "粘贴全文。字数按中文字处理软件的算法统计：汉字、标点各算一字，英文单词和数字各算一字，空格不计。"
        ),
    )
    file = forms.FileField(
        label=_("附件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
        help_text=_("pdf、docx 或 xlsx，不超过 20 MB。"),
    )
    declared_chars = forms.IntegerField(
        label=_("字数（只上传附件、不粘贴正文时填写）"),
        required=False,
        min_value=0,
        max_value=MAX_DECLARED_CHARS,
        help_text=_(
            "docx 和带文字层的 pdf 由系统统计字数；扫描件等读不出文字的附件按所填字数，"
            "经培训中心核实后才计入要求。提交日期为服务器记录的当天日期。"
        ),
    )

    def __init__(self, *args, owners, spec: schema.Policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {owner.key: owner for owner in owners}
        self.spec = spec
        self.fields["owner"].choices = [(o.key, o.label) for o in owners]
        if len(owners) == 1:
            self.fields["owner"].initial = owners[0].key
            self.fields["owner"].widget = forms.HiddenInput()
        owner_kinds = {o.kind for o in owners}
        self.fields["kind"].choices = [
            (k.code, shown(k))
            for k in spec.deliverable_kinds
            if not owners_of(spec, k.code) or owners_of(spec, k.code) & owner_kinds
        ]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded:
            check_upload(uploaded, DOCUMENTS, kind="deliverable")
        return uploaded

    def clean(self):
        data = super().clean()
        owner, kind = self.owners.get(data.get("owner")), data.get("kind")
        if owner and kind:
            expected = owners_of(self.spec, kind)
            if expected and owner.kind not in expected:
                name = shown(self.spec.deliverable_kind(kind))
                self.add_error(
                    "kind", _("“%(kind)s”不由%(owner)s提交") % {"kind": name, "owner": owner.label}
                )
        if not (data.get("body") or "").strip() and not data.get("file"):
            self.add_error("body", _("请填写正文或上传附件"))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        owner = self.owners[data["owner"]]
        return {
            "kind": data["kind"],
            "title": data["title"],
            "studio": owner.studio,
            "principal": owner.principal,
            "body": data["body"],
            "file": data["file"],
            "declared_chars": data["declared_chars"],
        }


class VerifyCountForm(forms.Form):
    """The centre confirms (or corrects) a declared length after reading the document."""

    char_count = forms.IntegerField(
        label=_("核实的字数"), min_value=0, max_value=MAX_DECLARED_CHARS
    )


class DeliverableFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("成果类型"), required=False)
    studio = forms.ChoiceField(label=_("工作室"), required=False)
    studio_name = forms.CharField(label=_("工作室名称"), required=False, max_length=64)
    person = forms.CharField(label=_("人员姓名"), required=False, max_length=64)

    def __init__(self, *args, spec: schema.Policy, studios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类型"))] + [
            (k.code, shown(k)) for k in spec.deliverable_kinds
        ]
        listed, searched = studios_to_list(studios, self.data.get("studio") or "")
        if not searched:
            del self.fields["studio_name"]
        if listed or searched:
            self.fields["studio"].choices = [("", _("全部工作室"))] + [
                (str(s.pk), s.name) for s in listed
            ]
        else:
            del self.fields["studio"]

    def narrow(self, deliverables):
        data = self.cleaned_data
        if data["kind"]:
            deliverables = deliverables.filter(kind=data["kind"])
        if data.get("studio"):
            deliverables = deliverables.filter(studio_id=int(data["studio"]))
        if data.get("studio_name", "").strip():
            deliverables = deliverables.filter(studio__name__contains=data["studio_name"].strip())
        if data["person"].strip():
            deliverables = deliverables.filter(principal__name__contains=data["person"].strip())
        return deliverables


# Research and curriculum -------------------------------------------------------------------


class ProjectForm(forms.Form):
    leader = forms.ChoiceField(label=_("课题主持人"))
    title = forms.CharField(label=_("课题名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    level = forms.ChoiceField(label=_("立项级别"), choices=Level.choices)
    approved_on = forms.DateField(label=_("立项日期"), widget=DATE)
    concluded_on = forms.DateField(label=_("结题日期"), required=False, widget=DATE)

    def __init__(self, *args, leaders, **kwargs):
        """``leaders``: the principals who may lead a studio's project (host first), or None
        for a trainee's own project, which the trainee leads."""
        super().__init__(*args, **kwargs)
        self.leaders = {str(p.pk): p for p in leaders or ()}
        if leaders:
            self.fields["leader"].choices = [(str(p.pk), p.name) for p in leaders]
        else:
            del self.fields["leader"]

    def clean(self):
        data = super().clean()
        approved, concluded = data.get("approved_on"), data.get("concluded_on")
        if approved and concluded and concluded < approved:
            self.add_error("concluded_on", _("结题日期不能早于立项日期"))
        return data

    def chosen_leader(self):
        return self.leaders.get(self.cleaned_data.get("leader", ""))


class ApplicationForm(forms.Form):
    """A trainee's research application (申报, HZ-3.3.2)."""

    title = forms.CharField(label=_("课题名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    level = forms.ChoiceField(label=_("立项级别"), choices=Level.choices)
    funder = forms.CharField(
        label=_("立项单位"),
        max_length=200,
        required=False,
        error_messages=TOO_LONG,
        help_text=_("例如：杭州市教育科学规划领导小组办公室"),
    )
    applied_on = forms.DateField(label=_("申报日期"), widget=DATE)
    starts_on = forms.DateField(label=_("研究起始日期"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("计划结题日期"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("计划结题日期不能早于研究起始日期"))
        return data


class StageForm(forms.Form):
    """One step of a project: 立项 (with its number), 未立项, 中期 or 结题, dated."""

    action = forms.ChoiceField(
        label=_("进展"),
        choices=[
            ("approve", _("立项")),
            ("reject", _("未立项")),
            ("midterm", _("中期检查")),
            ("conclude", _("结题")),
        ],
    )
    on = forms.DateField(label=_("日期"), widget=DATE)
    approval_number = forms.CharField(
        label=_("立项编号"), max_length=64, required=False, error_messages=TOO_LONG
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)

    def __init__(self, *args, actions=None, **kwargs):
        """``actions``: the steps the project's stage allows now."""
        super().__init__(*args, **kwargs)
        if actions is not None:
            self.fields["action"].choices = [
                c for c in self.fields["action"].choices if c[0] in actions
            ]

    def clean(self):
        data = super().clean()
        if data.get("action") == "approve" and not (data.get("approval_number") or "").strip():
            self.add_error("approval_number", _("请填写立项编号"))
        return data

    def arguments(self) -> tuple[str, dict]:
        """The step's name and its service's keyword arguments."""
        data = self.cleaned_data
        action, on = data["action"], data["on"]
        match action:
            case "approve":
                return action, {"approval_number": data["approval_number"], "approved_on": on}
            case "reject":
                return action, {"decided_on": on, "note": data["note"]}
            case "midterm":
                return action, {"midterm_on": on}
            case _:
                return action, {"concluded_on": on}


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("成果形式"), choices=ResearchOutcome.Kind.choices)
    title = forms.CharField(label=_("成果名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    level = forms.ChoiceField(label=_("级别"), required=False, choices=LEVEL_CHOICES)
    achieved_on = forms.DateField(label=_("取得日期"), widget=DATE)


class CreditForm(forms.Form):
    topic = forms.ChoiceField(label=_("课程专题"))
    hours = forms.DecimalField(
        label=_("认定学时"), max_digits=5, decimal_places=1, min_value=Decimal("0.5")
    )
    credited_on = forms.DateField(label=_("认定日期"), widget=DATE)
    note = forms.CharField(
        label=_("认定依据"),
        max_length=NOTE_MAX,
        error_messages=TOO_LONG,
        help_text=_("例如：参加省级校长论坛并作报告"),
    )

    def __init__(self, *args, spec: schema.Policy, **kwargs):
        kwargs["initial"] = {"credited_on": dt.date.today()} | (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        topics = spec.curriculum.topics if spec.curriculum else []
        self.fields["topic"].choices = [(t.code, shown(t)) for t in topics]
