from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import IMAGES, check_upload

from .services import REASON_MAX


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销原因"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class SealForm(forms.Form):
    image = forms.FileField(label=_("印章图片（PNG 或 JPEG，建议透明底 PNG）"))

    def clean_image(self):
        image = self.cleaned_data["image"]
        check_upload(image, IMAGES, kind="seal")
        return image


class LookupForm(forms.Form):
    number = forms.CharField(label=_("证书编号"), max_length=40)
