"""Forms of the template pages: the wording of a kind (one line per căn cứ and Nơi nhận line) and a Word
template's upload. Thin: cleaning and bounds are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import FIELD_LABELS
from .wording import LIST_FIELDS, Wording


class WordingForm(forms.Form):
    basis = forms.CharField(label=FIELD_LABELS["basis"], required=False,
                            widget=forms.Textarea(attrs={"rows": 4, "cols": 90}),
                            help_text=_("Printed after the legal grounds the law in force gives."))
    recipients = forms.CharField(label=FIELD_LABELS["recipients"], required=False,
                                 widget=forms.Textarea(attrs={"rows": 6, "cols": 90}))
    archive = forms.CharField(label=FIELD_LABELS["archive"], required=False, max_length=300)
    signer_title = forms.CharField(label=FIELD_LABELS["signer_title"], required=False, max_length=300,
                                   help_text=_("Used when the document's data does not give it."))
    signer_name = forms.CharField(label=FIELD_LABELS["signer_name"], required=False, max_length=300)
    introduction = forms.CharField(label=FIELD_LABELS["introduction"], required=False,
                                   widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)

    @classmethod
    def initial_from(cls, wording: Wording) -> dict:
        return {name: "\n".join(value) if name in LIST_FIELDS else value
                for name in ("basis", "recipients", "archive", "signer_title", "signer_name", "introduction")
                for value in [getattr(wording, name)]}

    def content(self) -> dict:
        """The wording fields as the services take them (the note aside)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "note"}


class WordTemplateForm(forms.Form):
    file = forms.FileField(label=_("Word template (DOCX)"))
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)
