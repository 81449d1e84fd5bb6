"""The council office's setup: a page that leads to each of its setup pages, and the holiday calendar (the days the
working-day time limits skip), without the Django admin."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .decorators import post_only
from .models import Holiday
from .permissions import require_council_office
from .workdays import holiday_add, holiday_remove


class HolidayForm(forms.Form):
    # A calendar is set ahead: the day may be in the future (not an official document's date).
    date = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"},
                                                                              format="%Y-%m-%d"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)


@login_required
def setup_index(request):
    require_council_office(request.user)
    return render(request, "core/setup/index.html")


@login_required
def holidays(request, *, form=None, status=200):
    require_council_office(request.user)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else timezone.localdate().year
    return render(request, "core/setup/holidays.html", {
        "year": year, "holidays": Holiday.objects.filter(date__year=year), "form": form or HolidayForm(),
        "years": [year - 1, year, year + 1]}, status=status)


@login_required
@post_only
def holiday_create(request):
    require_council_office(request.user)
    form = HolidayForm(request.POST)
    if form.is_valid():
        try:
            holiday = holiday_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("%(day)s is added to the calendar.") % {
                "day": holiday.date.strftime("%d/%m/%Y")})
            return redirect(f"{request.path.rsplit('add/', 1)[0]}?year={holiday.date.year}")
    return holidays(request, form=form, status=400)


@login_required
@post_only
def holiday_delete(request, holiday_id: int):
    require_council_office(request.user)
    holiday = get_object_or_404(Holiday, pk=holiday_id)
    year = holiday.date.year
    holiday_remove(by=request.user, holiday=holiday)
    messages.success(request, _("The day is removed from the calendar."))
    return redirect(f"/setup/holidays/?year={year}")
