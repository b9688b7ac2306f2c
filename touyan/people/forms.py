from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core import crypto, identity, personal_data
from touyan.core.imports.forms import WorkbookUploadForm
from touyan.regions.models import Region
from touyan.regions.selectors import within

from .enums import Position, SchoolKind, Title
from .models import Principal, School
from .selectors import principals_visible_to, search_principals
from .services import PrincipalData


class PrincipalSearchForm(forms.Form):
    q = forms.CharField(label=_("姓名或学校"), required=False)
    region = forms.ChoiceField(label=_("区县"), required=False)
    kind = forms.ChoiceField(
        label=_("学段"), required=False, choices=[("", _("全部学段")), *SchoolKind.choices]
    )
    position = forms.ChoiceField(
        label=_("职务"), required=False, choices=[("", _("全部职务")), *Position.choices]
    )
    title = forms.ChoiceField(
        label=_("职称"), required=False, choices=[("", _("全部职称")), *Title.choices]
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部区县")), *[(r.code, r.name) for r in regions]]

    def search(self, principals):
        data = self.cleaned_data
        return search_principals(
            principals,
            text=data["q"],
            region_code=data["region"],
            kind=data["kind"],
            position=data["position"],
            title=data["title"],
        )


class SchoolSearchForm(forms.Form):
    q = forms.CharField(label=_("学校名称"), required=False)
    region = forms.ChoiceField(label=_("区县"), required=False)
    kind = forms.ChoiceField(
        label=_("学段"), required=False, choices=[("", _("全部学段")), *SchoolKind.choices]
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部区县")), *[(r.code, r.name) for r in regions]]


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("学校名称"), max_length=128)
    region = forms.ModelChoiceField(label=_("所在区县"), queryset=Region.objects.none())
    kind = forms.ChoiceField(label=_("学段"), choices=SchoolKind.choices)
    is_public = forms.BooleanField(label=_("公办"), required=False, initial=True)
    is_rural = forms.BooleanField(label=_("农村学校"), required=False)
    is_weak = forms.BooleanField(label=_("薄弱学校"), required=False)

    def __init__(self, *args, regions, instance: School | None = None, **kwargs):
        if instance is not None:
            current = {
                f: getattr(instance, f)
                for f in ("name", "kind", "is_public", "is_rural", "is_weak")
            }
            kwargs["initial"] = {
                **current,
                "region": instance.region_id,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["region"].queryset = regions
        if instance is None and len(regions) == 1:
            self.fields["region"].initial = regions[0].pk

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("region"):
            data["name"] = data["name"].strip()
            clash = School.objects.filter(region=data["region"], name=data["name"])
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("该区县已有同名学校"))
        return data


class PrincipalForm(forms.Form):
    """The registry entry form. The ID number is checked (GB 11643).

    An existing entry's numbers are shown as every page shows them (masked unless the viewer's
    own): left as shown, the stored number is kept; typed anew, it replaces it."""

    name = forms.CharField(label=_("姓名"), max_length=64)
    id_number = forms.CharField(label=_("身份证号"), max_length=32)
    mobile = forms.CharField(label=_("手机"), max_length=20, required=False)
    school = forms.ModelChoiceField(label=_("学校"), queryset=School.objects.none())
    position = forms.ChoiceField(label=_("职务"), choices=Position.choices)
    title = forms.ChoiceField(label=_("职称"), choices=Title.choices, initial=Title.NONE)
    appointed_on = forms.DateField(
        label=_("任现职时间"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    in_service = forms.BooleanField(label=_("在职"), required=False, initial=True)
    established = forms.BooleanField(label=_("在编"), required=False, initial=True)

    def __init__(self, *args, schools, viewer, instance: Principal | None = None, **kwargs):
        self.viewer = viewer
        self.shown = {}
        if instance is not None:
            disclosure = personal_data.masked(viewer)
            self.shown = {
                "id_number": disclosure.id_number(instance),
                "mobile": disclosure.mobile(instance),
            }
            kwargs["initial"] = {
                **{
                    "name": instance.name,
                    **self.shown,
                    "school": instance.school_id,
                    "position": instance.position,
                    "title": instance.title,
                    "appointed_on": instance.appointed_on,
                    "in_service": instance.in_service,
                    "established": instance.established,
                },
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["school"].queryset = schools
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
        self.fields["mobile"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        if self.shown:
            self.fields["id_number"].help_text = _("保持原样即不修改；如需更正，请输入完整号码。")
            self.fields["mobile"].help_text = _("保持原样即不修改；如需更正，请输入完整号码。")

    def _left_as_shown(self, name: str) -> bool:
        return bool(self.shown) and self.cleaned_data[name].strip() == self.shown[name]

    def clean_id_number(self) -> str:
        if self._left_as_shown("id_number"):
            return self.instance.id_number
        try:
            value = identity.normalize_id_number(self.cleaned_data["id_number"])
        except identity.InvalidIdNumber as exc:
            raise forms.ValidationError(str(exc)) from exc
        others = Principal.objects.filter(id_digest__in=crypto.digests(value))
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            # Only a record the user may see is named as such; of anyone else nothing is told.
            if principals_visible_to(self.viewer).filter(pk__in=others.values("pk")).exists():
                raise forms.ValidationError(_("名册中已有此身份证号的校长"))
            raise forms.ValidationError(personal_data.OUTSIDE_SCOPE)
        return value

    def clean_mobile(self) -> str:
        if self._left_as_shown("mobile"):
            return self.instance.mobile
        value = self.cleaned_data["mobile"].strip()
        if not value:
            return ""
        try:
            return identity.normalize_mobile(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def to_data(self) -> PrincipalData:
        data = self.cleaned_data
        id_number = data["id_number"]
        return PrincipalData(
            name=data["name"].strip(),
            gender=identity.gender_from_id(id_number),
            birth_date=identity.birth_date_from_id(id_number),
            id_number=id_number,
            mobile=data["mobile"],
            school=data["school"],
            position=data["position"],
            title=data["title"],
            appointed_on=data["appointed_on"],
            in_service=data["in_service"],
            established=data["established"],
        )


class RosterUploadForm(WorkbookUploadForm):
    file_label = _("名册文件（.xlsx）")


def scoped_regions(scope) -> list[Region]:
    """The divisions a user may filter by or file a school under."""
    regions = Region.objects.all()
    if not scope.everything:
        regions = regions.filter(within(list(scope.registry_prefixes)))
    return list(regions.order_by("code"))
