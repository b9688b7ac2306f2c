"""The library's forms: the search with its filters, sharing a resource (typed in, or made from
a deliverable or a research outcome), the file checked by the upload checks before the service
sees it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import check_upload

from .models import LINK_MAX, SUMMARY_MAX, TITLE_MAX, Kind, Visibility
from .search import MIN_QUERY, QUERY_MAX, narrow, normalise
from .services import FILE_TYPES

ACCEPT = ",".join(f".{t.extension}" for t in FILE_TYPES)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=QUERY_MAX,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("标题、标签或简介中的文字")}
        ),
    )
    kind = forms.ChoiceField(label=_("类别"), required=False)
    tag = forms.CharField(label=_("标签"), required=False, max_length=40)
    studio = forms.TypedChoiceField(label=_("工作室"), required=False, coerce=int, empty_value=None)
    programme = forms.TypedChoiceField(
        label=_("培养项目"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, studios=(), programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类别")), *Kind.choices]
        self.fields["studio"].choices = [("", _("全部工作室")), *((s.pk, s.name) for s in studios)]
        self.fields["programme"].choices = [
            ("", _("全部项目")),
            *((p.pk, p.name) for p in programmes),
        ]
        if len(self.fields["programme"].choices) <= 2:
            del self.fields["programme"]

    def clean_q(self):
        query = normalise(self.cleaned_data["q"])
        if query and len(query) < MIN_QUERY:
            raise forms.ValidationError(
                _("请至少输入 %(n)d 个字再搜索（汉字、字母或数字均可）") % {"n": MIN_QUERY}
            )
        return query

    def clean_tag(self):
        return normalise(self.cleaned_data["tag"])

    def narrow(self, resources):
        data = self.cleaned_data
        if data.get("q"):
            resources = narrow(resources, data["q"])
        if data.get("kind"):
            resources = resources.filter(kind=data["kind"])
        if data.get("tag"):
            resources = resources.filter(tags__name=data["tag"])
        if data.get("studio"):
            resources = resources.filter(studio_id=data["studio"])
        if data.get("programme"):
            resources = resources.filter(programme_id=data["programme"])
        return resources


class ShareForm(forms.Form):
    place = forms.ChoiceField(label=_("来自"))
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("类别"), choices=Kind.choices)
    summary = forms.CharField(
        label=_("简介"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("简介中的文字可被搜索到"),
    )
    tags = forms.CharField(
        label=_("标签"),
        required=False,
        max_length=200,
        help_text=_("用逗号、顿号或空格分隔，最多 8 个，例如：乡村学校 课程领导力"),
    )
    file = forms.FileField(
        label=_("文件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF、Word（.docx）、Excel（.xlsx）或图片，不超过 20 MB"),
    )
    link = forms.URLField(
        label=_("链接"),
        required=False,
        max_length=LINK_MAX,
        assume_scheme="https",
        help_text=_("资源在其他网站上时填写，如公众号文章的网址"),
    )
    visibility = forms.ChoiceField(
        label=_("可见范围"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "本工作室：工作室的主持人和成员；本项目：项目的全体学员和管理者；公开：所有人，包括未登录的访客"
        ),
    )

    def __init__(self, *args, studios=(), programmes=(), source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {f"studio-{s.pk}": (s.programme, s) for s in studios}
        self.places |= {f"programme-{p.pk}": (p, None) for p in programmes}
        self.fields["place"].choices = [
            *((f"studio-{s.pk}", f"{s.name}（{s.programme.name}）") for s in studios),
            *(
                (
                    f"programme-{p.pk}",
                    _("%(programme)s（不属于某个工作室）") % {"programme": p.name},
                )
                for p in programmes
            ),
        ]
        self.source = source
        if source is not None:
            # Shared from the record: where it comes from is the source's.
            del self.fields["place"]
            self.fields["file"].help_text = _("不上传时，分享来源所附的文件")

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            check_upload(uploaded, FILE_TYPES, kind="resource")
        return uploaded

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "title": data["title"],
            "kind": data["kind"],
            "summary": data["summary"],
            "tags": data["tags"],
            "visibility": data["visibility"],
            "link": data["link"],
        }
        if data.get("file"):
            arguments["file"] = data["file"]
        if "place" in data:
            arguments["programme"], arguments["studio"] = self.places[data["place"]]
        return arguments
