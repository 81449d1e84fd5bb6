"""Forms for the registry, statistics and people's records. They parse input only: who may record what, the year
range, the counts' consistency and duplicates by ID are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import BirthDateField, OfficialDateField
from thidua.core.forms import NumberField

from .enums import AwardLevel, AwardStatus, DisciplineMeasure, InitiativeKind, Rating

YEAR = {"min_value": 1945, "max_value": 2100}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class RegistryFilterForm(forms.Form):
    """The registry's filters; ``type_choices`` are ``(id, name)`` pairs. A unit is chosen by id (a link from its
    page) or found by the words of its name (``unit_name``), never picked from a list of every unit."""

    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    person = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    unit_name = forms.CharField(label=_("Unit"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Year"), required=False, **YEAR)
    award_type = forms.TypedChoiceField(label=_("Title or form"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any")), *AwardStatus.choices])

    def clean_unit(self):
        from thidua.org.models import Unit

        unit_id = self.cleaned_data.get("unit")
        if unit_id and not Unit.objects.filter(pk=unit_id).exists():
            raise forms.ValidationError(_("There is no such unit: search it by its name."))
        return unit_id

    def __init__(self, *args, type_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].choices = [("", _("Any title or form")), *type_choices]

    def filters(self) -> dict:
        """The selector's keyword arguments (empty when the input is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"q": data.get("q") or "", "person_id": data.get("person"), "unit_id": data.get("unit"),
                "unit_q": "" if data.get("unit") else (data.get("unit_name") or ""), "year": data.get("year"),
                "award_type_id": data.get("award_type"), "status": data.get("status") or ""}


class StatisticsFilterForm(forms.Form):
    year_from = forms.IntegerField(label=_("From year"), required=False, **YEAR)
    year_to = forms.IntegerField(label=_("To year"), required=False, **YEAR)
    include_revoked = forms.BooleanField(label=_("Count revoked awards too"), required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and last < first:
            raise forms.ValidationError(_("The last year comes before the first."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revocation"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For example: the achievement was declared falsely (decision number)."))


class PersonCreateForm(forms.Form):
    """A new person and the unit they work in. ``confirm`` is the "create anyway" answer to a duplicate warning."""

    full_name = forms.CharField(label=_("Full name"), max_length=255)
    date_of_birth = BirthDateField(label=_("Date of birth"), required=False, input_formats=DATE_FORMATS,
                                    widget=DATE_WIDGET)
    national_id = forms.CharField(label=_("National ID"), required=False, max_length=20)
    civil_servant_code = forms.CharField(label=_("Civil-servant code"), required=False, max_length=30)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    position = forms.CharField(label=_("Position"), required=False, max_length=255)
    started_on = OfficialDateField(label=_("Works there since"), input_formats=DATE_FORMATS, widget=DATE_WIDGET)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, unit_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Choose…")), *unit_choices]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name

    @property
    def identified(self) -> bool:
        """A national ID or a civil-servant code makes the record unique by itself (the service refuses a copy)."""
        data = self.cleaned_data
        return bool((data.get("national_id") or "").strip() or (data.get("civil_servant_code") or "").strip())


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), **YEAR)
    unit = forms.TypedChoiceField(label=_("Rated by the unit"), coerce=int)
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)

    def __init__(self, *args, unit_choices, **kwargs):
        super().__init__(*args, prefix="rating", **kwargs)
        self.fields["unit"].choices = unit_choices


class InitiativeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), **YEAR)
    title = forms.CharField(label=_("Initiative"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=InitiativeKind.choices, initial=InitiativeKind.INITIATIVE,
                             required=False)

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or InitiativeKind.INITIATIVE
    level = forms.ChoiceField(label=_("Recognised at level"), choices=AwardLevel.choices)
    recognition_reference = forms.CharField(label=_("Recognised by (decision)"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="initiative", **kwargs)


class DisciplineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), **YEAR)
    measure = forms.ChoiceField(label=_("Measure"), choices=DisciplineMeasure.choices)
    decision_reference = forms.CharField(label=_("Decision"), required=False, max_length=255)
    ends_on = OfficialDateField(label=_("In effect until"), required=False, help_text=_("Empty: the end of the year."),
                              widget=DATE_WIDGET, input_formats=DATE_FORMATS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="discipline", **kwargs)


class UnitYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), **YEAR)
    member_count = forms.IntegerField(label=_("Members"), min_value=0, max_value=10**6)
    members_completed = forms.IntegerField(label=_("Members who completed their tasks"), min_value=0,
                                           max_value=10**6)
    advanced_workers = forms.IntegerField(label=_("Advanced workers (LĐTT)"), min_value=0, max_value=10**6)
    rating = forms.ChoiceField(label=_("Rating of the collective"), required=False,
                               choices=[("", "—"), *Rating.choices])
    worst_discipline = forms.ChoiceField(label=_("Heaviest discipline of a member"), required=False,
                                         choices=[("", _("None")), *DisciplineMeasure.choices])


class RegulationForm(forms.Form):
    """A province's regulation on emulation and commendation: its name, decision and period."""

    name = forms.CharField(label=_("Name"), max_length=255)
    decision_reference = forms.CharField(label=_("Issued by decision (number, symbol, date)"), max_length=255)
    valid_from = OfficialDateField(label=_("In force from"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    valid_to = OfficialDateField(label=_("In force until"), required=False, widget=DATE_WIDGET,
                               input_formats=DATE_FORMATS)


class ThresholdForm(forms.Form):
    """The province's numbers for one rule of the law (empty: the law's number)."""

    award_type = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.SlugField(widget=forms.HiddenInput)
    percent = NumberField(label=_("Percent"), required=False, min_value=0, max_value=100, decimal_places=2)
    strict = forms.BooleanField(label=_("More than (not at least)"), required=False)
    years = forms.IntegerField(label=_("Years"), required=False, min_value=1, max_value=20)
    count = forms.IntegerField(label=_("Count"), required=False, min_value=1, max_value=100)
    months = forms.IntegerField(label=_("Months"), required=False, min_value=1, max_value=12)
    legal_basis = forms.CharField(label=_("Article of the regulation"), max_length=300)
