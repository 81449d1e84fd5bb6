from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import OfficialDateField

from .enums import MISSING, CampaignStatus, ReceiptDecision, RecipientKind, SubmissionStatus


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *CampaignStatus.choices])


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=CampaignStatus.choices)


class DeadlineForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    due_on = OfficialDateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    description = forms.CharField(label=_("What must be sent"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False, max_length=5000)
    recipients = forms.MultipleChoiceField(
        label=_("Recipients"), widget=forms.CheckboxSelectMultiple,
        choices=[(RecipientKind.CLUSTER_HEAD, RecipientKind.CLUSTER_HEAD.label),
                 (RecipientKind.COUNCIL_OFFICE, RecipientKind.COUNCIL_OFFICE.label)],
    )
    named_units = forms.ModelMultipleChoiceField(
        label=_("Also to these units"), required=False, queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}))
    only_units = forms.ModelMultipleChoiceField(
        label=_("Only these participants (empty: every participant)"), required=False, queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        from thidua.org.models import Unit

        units = units if units is not None else Unit.objects.order_by("search_text")
        self.fields["named_units"].queryset = units
        self.fields["only_units"].queryset = units


class SubmissionForm(forms.Form):
    document_number = forms.CharField(label=_("Number and symbol"), max_length=100,
                                      widget=forms.TextInput(attrs={"placeholder": "125/KH-UBND"}))
    document_date = OfficialDateField(label=_("Document date"),
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    signer = forms.CharField(label=_("Signed by"), max_length=120)
    summary = forms.CharField(label=_("Summary (trích yếu)"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("File (PDF, DOCX or scanned image)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png,.tif,.tiff"}))


class ReceiptForm(forms.Form):
    recipient = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1, required=False)
    decision = forms.ChoiceField(choices=ReceiptDecision.choices)
    reason = forms.CharField(label=_("Reason for the return"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class OverviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Search units"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All statuses")), (MISSING, _("Missing")), *SubmissionStatus.choices])
    late = forms.ChoiceField(label=_("Timeliness"), required=False, choices=[
        ("", _("On time or late")), ("1", _("Late: past the due date without an accepted document")),
        ("0", _("Not late"))])
    cluster = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
