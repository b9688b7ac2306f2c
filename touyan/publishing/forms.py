"""The forms of the post pages: writing a post (its column and kind from the policy, the body
in the rich-text editor), a decision with its note, and an activity made a post."""

from __future__ import annotations

from django import forms
from django.forms import Script
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import IMAGES, CheckedFilesField
from touyan.policies.names import shown

from .models import NOTE_MAX, SUMMARY_MAX, TITLE_MAX
from .services import UPLOAD_KIND


class PostEditor(forms.Textarea):
    """The body's rich-text editor: ProseMirror as django-prose-editor builds it, started by our
    own module (``post-editor.js``), which passes the editor no inline style — the page's
    Content-Security-Policy allows none. Without JavaScript the field is a plain text area
    (HTML), cleaned the same way on saving."""

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "touyan/post-editor.css",
            ]
        }
        js = [Script("touyan/post-editor.js", type="module")]

    def __init__(self, attrs=None):
        super().__init__({"rows": 16, "data-post-editor": "", **(attrs or {})})


def choices_of(items) -> list[tuple[str, str]]:
    return [("", "——")] + [(item.code, shown(item)) for item in items]


class PostForm(forms.Form):
    column = forms.ChoiceField(label=_("栏目"))
    kind = forms.ChoiceField(label=_("类别"))
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("摘要"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("列表和订阅中显示；不填则取正文开头"),
    )
    body = forms.CharField(label=_("正文"), required=False, widget=PostEditor())
    photos = CheckedFilesField(
        label=_("图片"),
        kind=UPLOAD_KIND,
        allowed=IMAGES,
        required=False,
        help_text=_("JPG 或 PNG，可多选；过宽的图片会缩小，照片中的位置信息会去掉"),
    )

    def __init__(self, *args, site, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = choices_of(site.columns)
        self.fields["kind"].choices = choices_of(site.post_kinds)
        self.existing = list(photos)
        if self.existing:
            self.fields["remove_photos"] = forms.MultipleChoiceField(
                label=_("删除图片"),
                required=False,
                choices=[(photo.pk, photo.caption or photo.image.name) for photo in self.existing],
                widget=forms.CheckboxSelectMultiple,
            )

    def text(self) -> dict:
        data = self.cleaned_data
        return {
            "column": data["column"],
            "kind": data["kind"],
            "title": data["title"],
            "summary": data.get("summary", ""),
            "body": data.get("body", ""),
            "photos": data.get("photos") or [],
        }


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("意见"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActivityPostForm(forms.Form):
    column = forms.ChoiceField(label=_("栏目"))
    kind = forms.ChoiceField(label=_("类别"))
    publish = forms.BooleanField(
        label=_("直接发布（不勾选则存为草稿，可修改后再发布）"), required=False
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = choices_of(site.columns)
        self.fields["kind"].choices = choices_of(site.post_kinds)
        kinds = {kind.code for kind in site.post_kinds}
        self.initial.setdefault("kind", "photos" if "photos" in kinds else "")
