"""The funding pages' forms: amounts typed in yuan ("12,345.67") read by ``money.parse_yuan``
into fen, the choices a user may make narrowed by the view (the holder's open budgets, the
holder's activities), the receipt checked by the upload checks before the service sees it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import check_upload

from .models import PAYEE_MAX
from .money import parse_yuan, yuan
from .presenters import Names, holder_label
from .services.expenses import RECEIPT_TYPES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YuanField(forms.CharField):
    """An amount in yuan as people type it, cleaned to integer fen."""

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        kwargs.setdefault("help_text", _("单位：元，可写 12,345.67"))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values and not self.required:
            return None
        return parse_yuan(text, allow_zero=self.allow_zero)

    def prepare_value(self, value):
        return yuan(value) if isinstance(value, int) else value


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    source = forms.ChoiceField(label=_("经费来源"), required=False)

    def __init__(self, *args, names: Names, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, y) for y in years)]
        self.fields["source"].choices = [
            ("", _("全部来源")),
            *((s.code, names.source(s.code)) for s in names.sources),
        ]


class BudgetForm(forms.Form):
    source = forms.ChoiceField(label=_("经费来源"))
    year = forms.IntegerField(
        label=_("预算年度"),
        min_value=1,
        max_value=2100,
        help_text=_("按自然年计的写 2026 这样的年份；按培养年度计的写 1、2、3"),
    )
    holder = forms.ChoiceField(
        label=_("持有方"),
        required=False,
        help_text=_(
            "培训中心按工作室分列的经费（如网络研修社区建设费）也选工作室：每个工作室一笔，"
            "仍由培训中心支出"
        ),
    )
    category = forms.ChoiceField(label=_("支出类别"), required=False)
    amount = YuanField(label=_("预算金额"), allow_zero=True)
    payee = forms.CharField(label=_("收款单位"), max_length=PAYEE_MAX)

    def __init__(self, *args, names: Names, studios, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.studios = {f"studio:{s.pk}": s for s in studios}
        self.cohorts = {f"cohort:{c.pk}": c for c in cohorts}
        self.fields["source"].choices = [
            (s.code, f"{names.source(s.code)}（{names.source_categories(s.code)}）")
            for s in names.sources
        ]
        self.fields["holder"].choices = [
            ("", _("培训中心（本中心直接支付的经费）")),
            *((key, s.name) for key, s in self.studios.items()),
            *((key, str(c)) for key, c in self.cohorts.items()),
        ]
        self.fields["category"].choices = [
            ("", _("不限（经费来源允许的任一类别）")),
            *((c.code, names.category(c.code)) for c in names.categories),
        ]

    def clean_holder(self):
        key = self.cleaned_data["holder"]
        return self.studios.get(key) or self.cohorts.get(key)

    def holder_kwargs(self) -> dict:
        holder = self.cleaned_data["holder"]
        if holder is None:
            return {}
        return {"studio": holder} if key_of(holder) == "studio" else {"cohort": holder}


def key_of(holder) -> str:
    return holder._meta.model_name


class DisbursementForm(forms.Form):
    amount = YuanField(label=_("拨付金额"))
    paid_on = forms.DateField(label=_("拨付日期"), widget=DATE)
    payee = forms.CharField(label=_("收款单位"), max_length=PAYEE_MAX)
    voucher_no = forms.CharField(label=_("凭证号"), max_length=64, required=False)
    note = forms.CharField(
        label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批"),
        choices=[("approve", _("批准")), ("refuse", _("不批准"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审批意见"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不批准须写明理由"),
    )


class BudgetChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, names: Names, **kwargs):
        self.names = names
        super().__init__(*args, **kwargs)

    def label_from_instance(self, budget):
        parts = [str(budget.year), self.names.source(budget.source)]
        if budget.category:
            parts.append(self.names.category(budget.category))
        if budget.centre_held:
            parts.insert(0, holder_label(budget))
        return " · ".join(parts)


class ExpenseForm(forms.Form):
    budget = forms.ModelChoiceField(label=_("预算"), queryset=None, empty_label=None)
    category = forms.ChoiceField(label=_("支出类别"))
    spent_on = forms.DateField(label=_("支出日期"), widget=DATE)
    amount = YuanField(label=_("金额"))
    payee = forms.CharField(label=_("收款方"), max_length=PAYEE_MAX)
    activity = forms.ModelChoiceField(
        label=_("相关活动"), queryset=None, required=False, empty_label=_("（无）")
    )
    receipt = forms.FileField(
        label=_("票据"),
        required=False,
        help_text=_("PDF、JPG 或 PNG 格式的发票或收据扫描件"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, names: Names, budgets, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"] = BudgetChoiceField(
            label=_("预算"), queryset=budgets, empty_label=None, names=names
        )
        self.fields["category"].choices = [
            (c.code, names.category(c.code)) for c in names.categories
        ]
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda a: f"{a.date:%Y-%m-%d} {a.title}"

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt:
            check_upload(receipt, RECEIPT_TYPES, kind="receipt")
        return receipt or None


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=_("冲销原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class YearEndForm(forms.Form):
    source = forms.ChoiceField(label=_("经费来源"))
    year = forms.IntegerField(label=_("预算年度"), min_value=1, max_value=2100)

    def __init__(self, *args, names: Names, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.code, names.source(s.code)) for s in names.sources]
