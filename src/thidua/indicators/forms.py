"""Forms for recording values, keeping the catalog, setting targets, pledging and importing. They parse input
only; every rule (who may write, goals' direction, periods, evidence files) is checked by ``services``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import OfficialDateField
from thidua.core.forms import NumberField

from .enums import Aggregation, Direction, Frequency

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


class ProgressForm(forms.Form):
    # No range check here: the domain refuses a future period and one before the baseline, with its own words.
    period_end = forms.DateField(label=_("Period ending"), widget=forms.DateInput(**DATE_WIDGET))
    value = NumberField(label=_("Value"), help_text=_("1.234,5 or 1234.5"))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(
        label=_("Evidence (PDF, DOCX or image, optional)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png,.tif,.tiff"}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class IndicatorForm(forms.Form):
    content_area = forms.ModelChoiceField(label=_("Content area"), queryset=None)
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=300)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=40)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    aggregation = forms.ChoiceField(label=_("Combining values over time"), choices=Aggregation.choices,
                                    initial=Aggregation.LAST)
    frequency = forms.ChoiceField(label=_("Reporting frequency"), choices=Frequency.choices,
                                  initial=Frequency.MONTHLY)
    description = forms.CharField(label=_("How it is measured"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    min_value = NumberField(label=_("Lowest plausible value"), required=False,
                            help_text=_("Values outside the range are refused; a percentage is always 0–100."))
    max_value = NumberField(label=_("Highest plausible value"), required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["content_area"]
        field.queryset = campaign.contents.order_by("order")
        field.label_from_instance = lambda area: f"{area.order}. {area.title}"


class TargetRowForm(forms.Form):
    """One participant's row of the office's bulk grid (empty baseline and target: the row is left alone)."""

    unit = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    baseline = NumberField(label=_("Baseline"), required=False)
    target_value = NumberField(label=_("Target"), required=False)
    due_on = OfficialDateField(label=_("Due date"), required=False, widget=forms.DateInput(**DATE_WIDGET))

    def clean(self):
        data = super().clean()
        if (data.get("baseline") is None) != (data.get("target_value") is None):
            raise ValidationError(_("Give both the baseline and the target, or neither."))
        return data


TargetGridFormSet = forms.formset_factory(TargetRowForm, extra=0, max_num=20_000, absolute_max=20_000)


class PledgeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    baseline = NumberField(label=_("Baseline"))
    target_value = NumberField(label=_("Target"))
    due_on = OfficialDateField(label=_("Due date"), required=False, widget=forms.DateInput(**DATE_WIDGET),
                             help_text=_("Empty: the campaign's end."))

    def __init__(self, *args, units, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code} – {i.name} ({i.unit_of_measure})"
        only = list(units[:2])
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk
            self.fields["unit"].widget = forms.HiddenInput()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason (required to reject)"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class TemplateForm(forms.Form):
    """Which targets the downloaded workbook lists. "All units" is offered to the office only."""

    MINE, CLUSTER, ALL = "mine", "cluster", "all"

    scope = forms.ChoiceField(label=_("Targets of"), widget=forms.RadioSelect)
    cluster = forms.ModelChoiceField(label=_("Cluster or block"), queryset=None, required=False)

    def __init__(self, *args, clusters, mine: bool, everything: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if mine:
            choices.append((self.MINE, _("My unit(s)")))
        choices.append((self.CLUSTER, _("A cluster or block")))
        if everything:
            choices.append((self.ALL, _("All units")))
        self.fields["scope"].choices = choices
        self.fields["scope"].initial = choices[0][0]
        self.fields["cluster"].queryset = clusters

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.CLUSTER and not data.get("cluster"):
            self.add_error("cluster", _("Choose the cluster or block."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filled workbook (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
