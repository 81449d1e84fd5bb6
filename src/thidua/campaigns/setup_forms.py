"""Forms of the council office's campaign setup pages: they parse; the services check and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import OfficialDateField

from .enums import CampaignKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ClusterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CampaignCreateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("Short and unique, e.g. NR-2027."))
    title = forms.CharField(label=_("Title"), max_length=500)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=1000)
    starts_on = OfficialDateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = OfficialDateField(label=_("Ends on"), required=False, widget=DATE)
    issuer = UnitChoiceField(label=_("Issuing body"), queryset=None, required=False)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, required=False)
    signer_name = forms.CharField(label=_("Signer"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from thidua.org.enums import UnitKind
        from thidua.org.models import Unit

        self.fields["issuer"].queryset = Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True)


class ContentAreaForm(forms.Form):
    order = forms.IntegerField(label=_("Number"), min_value=1, max_value=99)
    title = forms.CharField(label=_("Title"), max_length=500)
    body = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)


class ParticipationForm(forms.Form):
    clusters = ClusterChoiceField(label=_("Clusters and blocks"), queryset=None,
                                  widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, clusters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clusters"].queryset = clusters


class DistributionForm(forms.Form):
    name = forms.CharField(label=_("Recipient (Nơi nhận)"), max_length=300)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False,
                              help_text=_("e.g. “để báo cáo”, “để thực hiện”"))
