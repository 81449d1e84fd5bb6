"""Forms for score sheets, returns, corrections, voting rounds and ballots. They parse input only: ranges, who may
score, stage locks, quotas and electorates are checked by ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import OfficialDateTimeField
from thidua.core.forms import BlankBallotForm, NumberField

from .enums import AwardQuota, Electorate

VERSION = {"widget": forms.HiddenInput, "min_value": 1, "max_value": 2**31 - 1}
DATETIME_WIDGET = {"attrs": {"type": "datetime-local"}, "format": "%Y-%m-%dT%H:%M"}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def points_name(criterion_id: int) -> str:
    return f"points_{criterion_id}"


def explanation_name(criterion_id: int) -> str:
    return f"explanation_{criterion_id}"


def reason_name(criterion_id: int) -> str:
    return f"reason_{criterion_id}"


class SheetForm(forms.Form):
    """Points (and an explanation, and at the review stages a reason for a change) for each criterion that takes
    points by hand here. ``editable`` are the criteria shown as inputs; the others stay read-only and are not sent.
    With ``correction`` the office corrects a published result and gives one reason for it."""

    version = forms.IntegerField(**VERSION)

    def __init__(self, *args, editable: list, with_reason: bool, correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editable = list(editable)
        self.with_reason = with_reason
        self.correction = correction
        for criterion in self.editable:
            self.fields[points_name(criterion.pk)] = NumberField(
                label=_("Points for %(code)s") % {"code": criterion.code}, required=True)
            if not correction:
                self.fields[explanation_name(criterion.pk)] = forms.CharField(
                    label=_("Explanation and evidence for %(code)s") % {"code": criterion.code}, required=False,
                    max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
            if with_reason and not correction:
                self.fields[reason_name(criterion.pk)] = forms.CharField(
                    label=_("Reason for a change to %(code)s") % {"code": criterion.code}, required=False,
                    max_length=2000, widget=forms.TextInput())
        if correction:
            self.fields["correction_reason"] = forms.CharField(
                label=_("Reason for the correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
        # The sheet shows the inputs in table cells without a <label>: the field's label names each one.
        for field in self.fields.values():
            if field.label and not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", str(field.label))

    def entries(self) -> list[dict]:
        """The cleaned values in the shape ``services.sheet_save`` and ``sheet_correct`` take."""
        data = self.cleaned_data
        return [
            {"criterion_id": c.pk, "points": data[points_name(c.pk)],
             "explanation": data.get(explanation_name(c.pk), ""), "reason": data.get(reason_name(c.pk), "")}
            for c in self.editable
        ]

    def field_for_code(self) -> dict[str, str]:
        """The service names a criterion by its code; its error goes on the points input."""
        return {c.code: points_name(c.pk) for c in self.editable}


class ReturnForm(forms.Form):
    """The next stage's reviewer sends a submitted sheet back to its author, with a reason."""

    reason = forms.CharField(label=_("Reason for the return"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    return_version = forms.IntegerField(**VERSION)


class RoundForm(forms.Form):
    """A vote in one cluster/block; the candidates are chosen among its members (``members``)."""

    question = forms.CharField(label=_("Question"), max_length=500,
                               help_text=_("For example: Propose the emulation flag of the province for …"))
    candidates = forms.TypedMultipleChoiceField(label=_("Candidates"), coerce=int,
                                                widget=forms.CheckboxSelectMultiple)
    electorate = forms.ChoiceField(label=_("Who votes"), choices=Electorate.choices,
                                   initial=Electorate.CLUSTER_UNITS)
    award = forms.ChoiceField(label=_("Award and its quota"), choices=AwardQuota.choices, initial=AwardQuota.NONE)
    max_choices = forms.IntegerField(
        label=_("Most candidates one ballot may choose"), required=False, min_value=1, max_value=1000,
        help_text=_("Leave empty for every candidate (or the award's quota)."))
    threshold_percent = NumberField(label=_("Pass threshold (% of the electorate)"), initial="70")
    quorum_percent = NumberField(label=_("Quorum (% of the electorate)"), initial="50")
    opens_at = OfficialDateTimeField(label=_("Opens at"), input_formats=DATETIME_FORMATS,
                                     widget=forms.DateTimeInput(**DATETIME_WIDGET))
    closes_at = OfficialDateTimeField(label=_("Closes at"), input_formats=DATETIME_FORMATS,
                                      widget=forms.DateTimeInput(**DATETIME_WIDGET))
    place = forms.CharField(label=_("Place"), max_length=255, required=False,
                            help_text=_("Where the vote is held and counted, for its minutes."))
    chair_name = forms.CharField(label=_("Chaired by"), max_length=200, required=False)
    secretary_name = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    counting_board = forms.CharField(
        label=_("Vote-counting board"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One member per line: name, then a comma and the role (for example: Nguyễn Văn A, Trưởng ban)."))

    def __init__(self, *args, members: list[tuple[int, str]], council: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = members
        if not council:
            # Only the office opens a vote among the council's members.
            self.fields["electorate"].choices = [(Electorate.CLUSTER_UNITS, Electorate.CLUSTER_UNITS.label)]


class BallotForm(BlankBallotForm):
    """A secret ballot: tick at most ``max_choices`` candidates (none is a blank ballot, sent once confirmed)."""

    choices = forms.TypedMultipleChoiceField(label=_("Your choices"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates: list[tuple[int, str]], max_choices: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_choices = max_choices
        self.fields["choices"].choices = candidates

    def clean_choices(self):
        chosen = self.cleaned_data["choices"]
        if len(chosen) > self.max_choices:
            raise forms.ValidationError(_("Choose at most %(n)s.") % {"n": self.max_choices})
        return chosen
