from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ClusterKind, UnitKind


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Search units"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices])


class ClusterFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Clusters and blocks")),
                                                                       *ClusterKind.choices])
