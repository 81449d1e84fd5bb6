"""Forms for nomination dossiers, their appraisal and decisions. They parse input only: who may act, the dossier's
path, eligibility rules and justifications are checked by ``services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import OfficialDateField
from thidua.core.forms import BlankBallotForm

from .enums import AttachmentKind, CommendationKind, NominationStatus, StepKind

VERSION = {"widget": forms.HiddenInput, "min_value": 1, "max_value": 2**31 - 1}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%H giờ %M"]

#: A service's error key → the form field it belongs on.
SERVICE_FIELDS = {"person_id": "person", "unit_id": "unit", "award_type_id": "award_type",
                  "campaign_id": "campaign", "voting_round_id": "voting_round", "item_ids": "items",
                  "granted_item_ids": "granted", "chair_id": "chair", "secretary_id": "secretary",
                  "member_ids_present": "present", "written_opinion_ids": "written",
                  "nomination_item_ids": "items"}


def add_service_errors(form: forms.Form, exc) -> None:
    """Put a service's ``ValidationError`` on the form: a known field's on that field, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = SERVICE_FIELDS.get(key, key)
            for error in errors:
                for message in error.messages:
                    form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(NominationStatus.choices))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)


class NominationForm(forms.Form):
    """A new dossier: the proposing unit (``units``: the user's own, or any for the office), year, campaign, kind."""

    unit = forms.ModelChoiceField(label=_("Proposing unit"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False,
                                      empty_label=_("— none —"))
    kind = forms.ChoiceField(label=_("Kind of commendation"), choices=CommendationKind.choices,
                             initial=CommendationKind.MERIT)
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("Leave empty for “Nomination of <unit>, <year>”."))

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].label_from_instance = lambda c: f"{c.code} · {c.title}"
        self.initial.setdefault("year", timezone.localdate().year)


class ItemForm(forms.Form):
    """A nominee: a person of the proposing unit (for a title or form given to people) or a unit (collective)."""

    award_type = forms.ModelChoiceField(label=_("Title or form"), queryset=None, empty_label=None)
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False, empty_label=_("— choose —"),
                                    help_text=_("For a title or form given to a person."))
    unit = forms.ModelChoiceField(label=_("Collective"), queryset=None, required=False, empty_label=_("— choose —"),
                                  help_text=_("For a title or form given to a collective."))
    achievement = forms.CharField(label=_("Achievement summary"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    print_text = forms.CharField(label=_("Achievement line to print"), max_length=1000, required=False,
                                 help_text=_("Printed in the decision's list and on the certificate (“Đã có thành "
                                             "tích …”). Leave empty to take it from the achievement summary."))

    def __init__(self, *args, award_types, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = award_types
        self.fields["award_type"].label_from_instance = lambda t: f"{t.name} ({t.get_recipient_display()})"
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name} ({p.date_of_birth:%d/%m/%Y})" if p.date_of_birth else p.full_name)
        self.fields["unit"].queryset = units


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File (PDF, DOCX or a scanned image)"))


class TransitionForm(forms.Form):
    """One move of the dossier; ``appraiser`` when the appraisal starts, ``voting_round`` or ``reason`` (the
    minutes' reference) when the council approves, ``reason`` for a return."""

    to = forms.ChoiceField(choices=NominationStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(**VERSION)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    appraiser = forms.ModelChoiceField(label=_("Appraiser"), queryset=None, required=False, empty_label=None)
    voting_round = forms.ModelChoiceField(label=_("Council vote"), queryset=None, required=False,
                                          empty_label=_("— none: no nominee needed a vote —"))
    confirm_failures = forms.BooleanField(
        label=_("I have read the conditions not met and send the dossier anyway"), required=False)

    def __init__(self, *args, appraisers, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appraiser"].queryset = appraisers
        self.fields["appraiser"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["voting_round"].queryset = rounds


def eligible_name(item_id: int) -> str:
    return f"eligible_{item_id}"


def reason_name(item_id: int) -> str:
    return f"reason_{item_id}"


def justification_name(item_id: int) -> str:
    return f"justification_{item_id}"


class AppraisalForm(forms.Form):
    """The appraisal's verdict per nominee (``items``): eligible or not, the reason, and the justification needed
    to find eligible a nominee failing a rule. A nominee left without a verdict is not sent."""

    version = forms.IntegerField(**VERSION)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[eligible_name(item.pk)] = forms.ChoiceField(
                label=_("Eligible"), required=False, widget=forms.RadioSelect,
                choices=[("yes", _("Eligible")), ("no", _("Not eligible"))])
            self.fields[reason_name(item.pk)] = forms.CharField(
                label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[justification_name(item.pk)] = forms.CharField(
                label=_("Justification against the rules"), required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}))
            if item.appraisal_eligible is not None:
                self.initial.setdefault(eligible_name(item.pk), "yes" if item.appraisal_eligible else "no")
            self.initial.setdefault(reason_name(item.pk), item.appraisal_reason)
            self.initial.setdefault(justification_name(item.pk), item.appraisal_justification)

    def verdicts(self) -> list[dict]:
        data = self.cleaned_data
        return [{"item_id": item.pk, "eligible": data[eligible_name(item.pk)] == "yes",
                 "reason": data[reason_name(item.pk)], "justification": data[justification_name(item.pk)]}
                for item in self.items if data.get(eligible_name(item.pk))]

    def clean(self):
        data = super().clean()
        if not self.errors and not self.verdicts():
            raise forms.ValidationError(_("Give a verdict for at least one nominee."))
        return data

    def add_item_errors(self, exc) -> None:
        """The service names a nominee ``items.<id>``: the error goes on its justification when it was found
        eligible, else on its reason."""
        if not hasattr(exc, "error_dict"):
            add_service_errors(self, exc)
            return
        for key, errors in exc.error_dict.items():
            item_id = key.removeprefix("items.")
            name = None
            if item_id.isdigit() and reason_name(int(item_id)) in self.fields:
                eligible = self.cleaned_data.get(eligible_name(int(item_id))) == "yes"
                name = justification_name(int(item_id)) if eligible else reason_name(int(item_id))
            for error in errors:
                for message in error.messages:
                    self.add_error(name, message)


class DecisionForm(forms.Form):
    """A decision signed on paper, recorded with its scan (issued as it is recorded)."""

    number = forms.CharField(label=_("Number"), max_length=20)
    symbol = forms.CharField(label=_("Symbol"), max_length=60, initial="QĐ-UBND")
    signed_on = OfficialDateField(label=_("Signed on"), input_formats=DATE_FORMATS, widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Signer"), max_length=200)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, initial="Chủ tịch")
    issuing_authority = forms.CharField(label=_("Issuing authority"), max_length=255, required=False,
                                        help_text=_("Leave empty for the authority of the titles and forms."))
    scan = forms.FileField(label=_("Scan of the signed decision (PDF or image)"))
    items = forms.TypedMultipleChoiceField(label=_("Nominees granted"), coerce=int,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(item.pk, item.pk) for item in items]
        self.initial.setdefault("signed_on", timezone.localdate())


class DecisionPrepareForm(forms.Form):
    """A decision put before the one who signs it: its symbol, the authority (default: that of its titles) and
    the approved nominees it grants; the number comes from the issuer's book when it is issued."""

    symbol = forms.CharField(label=_("Symbol"), max_length=60, initial="QĐ-UBND")
    issuing_authority = forms.CharField(label=_("Issuing authority"), max_length=255, required=False,
                                        help_text=_("Leave empty for the authority of the titles and forms."))
    proposal_number = forms.CharField(label=_("Proposal (tờ trình) number and symbol"), max_length=60,
                                      required=False, help_text=_("Cited in the decision: “Theo đề nghị của … tại "
                                                                  "Tờ trình số …”. Empty: left for the clerk."))
    proposal_on = OfficialDateField(label=_("Proposal dated"), input_formats=DATE_FORMATS, widget=DATE_WIDGET,
                                    required=False)
    items = forms.TypedMultipleChoiceField(label=_("Nominees granted"), coerce=int,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(item.pk, item.pk) for item in items]


class SendBackForm(forms.Form):
    note = forms.CharField(label=_("Why the decision goes back"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RouteStepForm(forms.Form):
    """A document on a proposal's way to the centre; the centre's decision also says which nominees it grants."""

    kind = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    reference = forms.CharField(label=_("Document (number and symbol)"), max_length=255)
    dated_on = OfficialDateField(label=_("Dated"), input_formats=DATE_FORMATS, widget=DATE_WIDGET)
    issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    granted = forms.TypedMultipleChoiceField(label=_("Nominees the centre granted"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["granted"].choices = [(item.pk, item.person.full_name if item.person_id else item.unit.name)
                                          for item in items]


def _member_choices(members) -> list[tuple[int, str]]:
    return [(m.pk, f"{m.full_name} ({m.get_role_display()})") for m in members]


class MeetingForm(forms.Form):
    """A council meeting: when and where, its chair and secretary, the members present and those who sent a
    written opinion. Held outside the system, it also carries its minutes."""

    held_on = OfficialDateField(label=_("Held on"), input_formats=DATE_FORMATS, widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=255)
    chair = forms.TypedChoiceField(label=_("Chaired by"), coerce=int)
    secretary = forms.TypedChoiceField(label=_("Secretary"), coerce=int, required=False, empty_value=None)
    present = forms.TypedMultipleChoiceField(label=_("Members present"), coerce=int,
                                             widget=forms.CheckboxSelectMultiple)
    written = forms.TypedMultipleChoiceField(label=_("Members absent who sent a written opinion"), coerce=int,
                                             required=False, widget=forms.CheckboxSelectMultiple)
    started_at = forms.TimeField(label=_("Begun at"), required=False, input_formats=TIME_FORMATS,
                                 widget=TIME_WIDGET)
    ended_at = forms.TimeField(label=_("Ended at"), required=False, input_formats=TIME_FORMATS, widget=TIME_WIDGET)
    agenda = forms.CharField(label=_("Agenda"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One item per line."))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _member_choices(members)
        self.fields["chair"].choices = choices
        self.fields["secretary"].choices = [("", _("— none —")), *choices]
        self.fields["present"].choices = choices
        self.fields["written"].choices = choices
        self.initial.setdefault("held_on", timezone.localdate())


class OutsideMeetingForm(MeetingForm):
    """A meeting held on paper: its minutes and the votes each nominee received (``votes_<item id>``)."""

    minutes = forms.FileField(label=_("Minutes of the meeting (PDF or image)"))
    counting_board = forms.CharField(
        label=_("Vote-counting board"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One member per line: name, then a comma and the role (for example: Nguyễn Văn A, Trưởng ban)."))

    def __init__(self, *args, members, items, **kwargs):
        super().__init__(*args, members=members, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[votes_name(item.pk)] = forms.IntegerField(
                label=item.person.full_name if item.person_id else item.unit.name, required=False, min_value=0,
                max_value=1000)

    def votes(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[votes_name(item.pk)] for item in self.items
                if self.cleaned_data.get(votes_name(item.pk)) is not None}


def votes_name(item_id: int) -> str:
    return f"votes_{item_id}"


class VoteOpenForm(forms.Form):
    items = forms.TypedMultipleChoiceField(label=_("Nominees to vote on"), coerce=int,
                                           widget=forms.CheckboxSelectMultiple)
    counting_board = forms.CharField(
        label=_("Vote-counting board"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One member per line: name, then a comma and the role (for example: Nguyễn Văn A, Trưởng ban)."))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(item.pk, item.pk) for item in items]


class NomineeBallotForm(BlankBallotForm):
    """A council member's secret ballot: a tick for each nominee he votes for (none: a blank ballot, sent once
    confirmed)."""

    choices = forms.TypedMultipleChoiceField(label=_("Nominees"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = candidates
