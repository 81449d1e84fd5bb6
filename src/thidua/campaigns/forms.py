from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import CampaignStatus


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *CampaignStatus.choices])


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=CampaignStatus.choices)
