"""Pages for the catalog of titles and forms, the registry of awards (search, XLSX export, statistics, one award
with its revocation and certificate), people's records (list, creation with a duplicate warning, facts) and a
collective's yearly figures.

Thin views: parse the form, call a selector or a service, map ``ValidationError`` to form errors (400);
``PermissionDenied`` is a 403 and an object out of the user's reach a 404, both decided by selectors and services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.core.audit import history_for
from thidua.core.decorators import post_only
from thidua.core.files import file_response
from thidua.core.jobs import job_start
from thidua.core.numbers import vi_percent
from thidua.core.permissions import require_council_office
from thidua.org import selectors as org_selectors
from thidua.org import services as org_services
from thidua.org.models import Unit

from . import selectors, services
from .enums import AwardLevel, AwardStatus, DisciplineMeasure, Rating, RuleKind, RuleOperator
from .registry_forms import (
    DisciplineForm,
    InitiativeForm,
    PersonCreateForm,
    RatingForm,
    RegistryFilterForm,
    RevokeForm,
    StatisticsFilterForm,
    UnitYearForm,
)

REGISTRY_PAGE_SIZE = 100
PEOPLE_PAGE_SIZE = 50


def _form_errors(form, exc: ValidationError, *, fields: dict[str, str] | None = None) -> None:
    """A service's errors on the form: a known field's on that field (``fields`` maps the service's names to the
    form's), the rest at the top."""
    fields = fields or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = fields.get(key, key)
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# ── the catalog ─────────────────────────────────────────────────────────────────────────────────────────────


def _rule_params(rule, type_names: dict[str, str]) -> list[str]:
    """A rule's numbers in words, e.g. ["Titles: Chiến sĩ thi đua cơ sở", "Years: 3"]."""
    params = rule.params or {}
    names = lambda codes: ", ".join(type_names.get(code, code) for code in codes)  # noqa: E731
    shown = []
    if params.get("codes"):
        shown.append(_("Titles: %(names)s") % {"names": names(params["codes"])})
    if params.get("of"):
        shown.append(_("Share of: %(names)s") % {"names": names([params["of"]])})
    if params.get("years") is not None:
        shown.append(_("Years: %(n)s") % {"n": params["years"]})
    if params.get("years_back"):
        shown.append(_("Or up to %(n)s years earlier") % {"n": params["years_back"]})
    if "include_current" in params:
        shown.append(_("Ending with the award year") if params["include_current"]
                     else _("Ending with the year before the award"))
    if params.get("min"):
        shown.append(_("At least: %(label)s") % {"label": _label(Rating, params["min"])})
    if params.get("min_level"):
        shown.append(_("At level: %(label)s or higher") % {"label": _label(AwardLevel, params["min_level"])})
    if "max" in params:
        shown.append(_("Heaviest measure allowed: %(label)s") % {"label": _label(DisciplineMeasure, params["max"])}
                     if params["max"] else _("No disciplinary measure at all"))
    if params.get("field"):
        shown.append({"advanced_workers": _("Counted: advanced workers (LĐTT)"),
                      "members_completed": _("Counted: members who completed their tasks")}.get(
            params["field"], params["field"]))
    if params.get("percent") is not None:
        shown.append((_("More than %(n)s") if params.get("strict") else _("Percent: %(n)s")) % {
            "n": vi_percent(params["percent"], 2)})
    if params.get("count") not in (None, 1):
        shown.append(_("At least: %(n)s") % {"n": params["count"]})
    if params.get("months"):
        shown.append(_("Months: %(n)s") % {"n": params["months"]})
    if params.get("unused"):
        shown.append(_("Years already counted for an earlier award of the same kind are not counted again"))
    if params.get("from_end"):
        shown.append(_("Achievements count only from the end of a discipline period"))
    return shown


def _label(choices, value) -> str:
    return choices(value).label if value in choices.values else str(value)


@login_required
def catalog(request):
    """The catalog by legal regime: for each regime its texts and period, and for each title or form it knows who
    decides it, its coefficient and its conditions as a checklist with their citations (the office reads it
    against the texts; it edits the numbers in the administration)."""
    regimes = selectors.regime_checklist(user=request.user)
    type_names = {entry["type"].code: entry["type"].name for regime in regimes for entry in regime["entries"]}

    def describe(nodes: list[dict]) -> None:
        for node in nodes:
            rule = node["rule"]
            node["kind"] = _label(RuleOperator, rule.operator) if rule.operator else _label(RuleKind, rule.kind)
            node["params"] = [] if rule.operator else _rule_params(rule, type_names)
            describe(node["children"])

    for regime in regimes:
        for entry in regime["entries"]:
            describe(entry["rules"])
    return render(request, "awards/catalog.html", {"regimes": regimes, "access": access_of(request.user)})


# ── the registry ────────────────────────────────────────────────────────────────────────────────────────────


def _registry_form(request) -> RegistryFilterForm:
    types = selectors.award_types(user=request.user).prefetch_related(None).values_list("id", "name")
    return RegistryFilterForm(request.GET or None, type_choices=list(types))


#: Units named under the registry's unit search, each a link that narrows the search to it.
UNITS_SHOWN = 12


def _registry_filters(request, form: RegistryFilterForm) -> dict | None:
    """The selector's filters, or None when the input is invalid (nothing is listed then)."""
    if not form.is_bound:
        return {}
    return form.filters() if form.is_valid() else None


@login_required
def registry(request):
    """Awards by name, person, unit (with the units merged into it), year, title or form and status, 100 a page.
    htmx requests get the results only."""
    form = _registry_form(request)
    filters = _registry_filters(request, form)
    status = 200
    page, predecessors, person_name, unit_name, units_found = None, [], "", "", None
    if filters is None:
        status = 400
    else:
        awards = selectors.award_search(user=request.user, **filters)
        page = Paginator(awards, REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
        if filters.get("unit_id"):
            merged = selectors.with_predecessors({filters["unit_id"]}) - {filters["unit_id"]}
            predecessors = list(Unit.objects.filter(pk__in=merged).order_by("search_text").values_list(
                "name", flat=True)) if merged else []
            unit_name = Unit.objects.filter(pk=filters["unit_id"]).values_list("name", flat=True).first() or ""
        elif filters.get("unit_q"):
            named = selectors.units_named(user=request.user, q=filters["unit_q"])
            units_found = (len(named), list(Unit.objects.filter(pk__in=named[:UNITS_SHOWN]).order_by(
                "search_text").values_list("pk", "name")))
        if filters.get("person_id"):
            person_name = org_selectors.person_list(user=request.user).filter(pk=filters["person_id"]).values_list(
                "full_name", flat=True).first() or f"#{filters['person_id']}"
    query = request.GET.copy()
    query.pop("page", None)
    narrow = query.copy()  # the other filters, for a link that picks one unit or clears it
    narrow.pop("unit_name", None)
    narrow.pop("unit", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "predecessors": predecessors,
               "person_name": person_name, "access": access_of(request.user), "unit_name": unit_name,
               "units_found": units_found, "narrow_query": narrow.urlencode()}
    template = "awards/registry_results.html" if request.headers.get("HX-Request") else "awards/registry_list.html"
    return render(request, template, context, status=status)


@login_required
@post_only
def registry_export(request):
    """Start the XLSX of the current filter (every page, given in the query string as on the registry page) in the
    worker. htmx gets the job's progress bar, which polls until the file is ready; a plain form goes to the job's
    page. A filter that is not valid is refused (400) and starts nothing."""
    from .exports import registry_export_params, registry_filter_form

    form = registry_filter_form(user=request.user, data=request.GET)
    if not form.is_valid():
        return render(request, "awards/registry_list.html", {"form": form, "page": None, "query": "",
                                                             "access": access_of(request.user)}, status=400)
    job = job_start(by=request.user, kind="awards.registry_xlsx", params=registry_export_params(request.GET))
    if request.headers.get("HX-Request"):
        return render(request, "core/_job.html", {"job": job})
    return redirect("job", job_id=job.pk)


STAT_SECTIONS = [
    ("year", "by-year"),
    ("award_type", "by-title"),
    ("level", "by-level"),
    ("unit", "by-unit"),
]


@login_required
def statistics(request):
    """Counts of awards by year, title or form, level and unit, over a range of years (grouped in SQL)."""
    form = StatisticsFilterForm(request.GET or None)
    status = 200
    data = {}
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
        else:
            status = 400
    titles = {"year": _("By year"), "award_type": _("By title or form"), "level": _("By level"),
              "unit": _("By unit")}
    sections = []
    counted = {} if status == 400 else selectors.award_statistics_all(
        user=request.user, year_from=data.get("year_from"), year_to=data.get("year_to"),
        include_revoked=bool(data.get("include_revoked")))
    for group, anchor in STAT_SECTIONS:
        rows = counted.get(group, [])
        for row in rows:
            row["label"] = {"year": lambda r: r["year"],
                            "award_type": lambda r: r["award_type__name"],
                            "level": lambda r: _label(AwardLevel, r["award_type__level"]),
                            "unit": lambda r: r["unit__name"] or _("(no unit)")}[group](row)
        totals = {key: sum(row[key] for row in rows) for key in ("total", "persons", "collectives")}
        sections.append({"group": group, "anchor": anchor, "title": titles[group], "rows": rows, "totals": totals})
    return render(request, "awards/statistics.html", {"form": form, "sections": sections,
                                                      "access": access_of(request.user)}, status=status)


# ── one award ───────────────────────────────────────────────────────────────────────────────────────────────


def _award_context(request, award, *, revoke_form=None) -> dict:
    access = access_of(request.user)
    can_revoke = access.is_council_office and award.status == AwardStatus.ACTIVE
    if can_revoke and revoke_form is None:
        revoke_form = RevokeForm()
    return {
        "award": award, "revoke_form": revoke_form if can_revoke else None,
        "is_revoked": award.status == AwardStatus.REVOKED,
        "decision_link": bool(award.decision_id and (access.sees_everything or access.is_council_member)),
        "history": history_for(award), "access": access,
    }


@login_required
def award_detail(request, award_id: int):
    award = selectors.award_get(user=request.user, award_id=award_id)
    return render(request, "awards/award_detail.html", _award_context(request, award))


@login_required
@post_only
def award_revoke(request, award_id: int):
    """The office revokes an award (a false declaration): the record stays, marked revoked, with the reason."""
    award = selectors.award_get(user=request.user, award_id=award_id)
    require_council_office(request.user)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.award_revoke(by=request.user, award=award, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The award is revoked. The record stays in the registry with the reason."))
            return redirect("awards:award", award_id=award.pk)
    award.refresh_from_db()
    return render(request, "awards/award_detail.html", _award_context(request, award, revoke_form=form), status=400)


@login_required
def certificate(request, award_id: int):
    """The certificate (Bằng khen, Giấy khen) as PDF, shown in the browser; ``?blank=1``: only the variable text,
    at the saved positions on the official pre-printed blank."""
    from thidua.documents.certificate import CertificateFontMissing, render_certificate
    from thidua.documents.certificate import file_name as certificate_file_name

    award = selectors.award_get(user=request.user, award_id=award_id)
    try:
        content = render_certificate(award, blank=request.GET.get("blank") == "1")
    except ValidationError as exc:
        return render(request, "awards/award_error.html", {"award": award, "errors": exc.messages}, status=400)
    except CertificateFontMissing as exc:  # the server's set-up, not the request: 503 with the reason
        return render(request, "awards/award_error.html", {"award": award, "errors": [str(exc)]}, status=503)
    return file_response(content, certificate_file_name(award), inline=True)


# ── people ──────────────────────────────────────────────────────────────────────────────────────────────────


@login_required
def person_list(request):
    q = request.GET.get("q", "")[:200]
    people = org_selectors.person_list(user=request.user, q=q)
    page = Paginator(people, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    unit_ids = {p.unit_id for p in page.object_list if p.unit_id}
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "name")) if unit_ids else {}
    for person in page.object_list:
        person.unit_name = units.get(person.unit_id, "")
    return render(request, "awards/person_list.html", {
        "page": page, "q": q, "can_create": request.user.has_perm("org.manage_people"),
        "access": access_of(request.user)})


def _employment_unit_choices(user) -> list[tuple[int, str]]:
    """Units the user may record a person's job in: any unit for the office, else the user's own (ended units
    included: a job may be entered for the years before a merger)."""
    access = access_of(user)
    units = org_selectors.unit_search(user=user)
    if not access.is_council_office:
        units = units.filter(pk__in=access.unit_ids)
    return list(units.values_list("id", "name"))


@login_required
def person_create(request):
    """A new person and their current job. Without a national ID or civil-servant code, people already on file
    with the same name (ignoring diacritics) and birth date are shown, and creating needs "create anyway"."""
    if not request.user.has_perm("org.manage_people"):
        raise PermissionDenied
    choices = _employment_unit_choices(request.user)

    def page(form, status=200, **extra):
        return render(request, "awards/person_create.html", {"form": form, "access": access_of(request.user),
                                                             **extra}, status=status)

    if request.method != "POST":
        return page(PersonCreateForm(unit_choices=choices, initial={"started_on": timezone.localdate()}))
    form = PersonCreateForm(request.POST, unit_choices=choices)
    if not form.is_valid():
        return page(form, 400)
    data = form.cleaned_data
    if not form.identified and not data["confirm"]:
        duplicates = list(selectors.person_duplicates(data["full_name"], data["date_of_birth"]))
        if duplicates:
            visible = set(org_selectors.person_list(user=request.user).filter(
                pk__in=[p.pk for p in duplicates]).values_list("pk", flat=True))
            for person in duplicates:
                person.visible = person.pk in visible
            return page(form, duplicates=duplicates)
    unit = Unit.objects.get(pk=data["unit"])
    try:
        with transaction.atomic():
            person = org_services.person_create(
                by=request.user, full_name=data["full_name"], date_of_birth=data["date_of_birth"],
                national_id=data["national_id"], civil_servant_code=data["civil_servant_code"])
            org_services.employment_record(by=request.user, person=person, unit=unit, started_on=data["started_on"],
                                           position=data["position"].strip())
    except ValidationError as exc:
        _form_errors(form, exc)
        return page(form, 400)
    messages.success(request, _("%(name)s is added to the records of %(unit)s.") % {
        "name": person.full_name, "unit": unit.name})
    return redirect("awards:person", person_id=person.pk)


def _current_jobs(employments) -> list:
    today = timezone.localdate()
    return [job for job in employments if job.started_on <= today and (job.ended_on is None or job.ended_on >= today)]


def _can_record_facts(user, employments) -> bool:
    """Mirrors the services' rule: the office, or the staff of a unit the person works in now."""
    access = access_of(user)
    return access.is_council_office or any(job.unit_id in access.staff_unit_ids for job in _current_jobs(employments))


def _rating_unit_choices(employments) -> list[tuple[int, str]]:
    """The units the person worked in, the current one first."""
    seen: dict[int, str] = {}
    for job in sorted(employments, key=lambda j: (j.ended_on is not None, -j.started_on.toordinal())):
        seen.setdefault(job.unit_id, job.unit.name)
    return list(seen.items())


def _person_context(request, person, *, forms: dict | None = None) -> dict:
    employments = list(person.employments.select_related("unit").order_by("-started_on", "-id"))
    can_record = _can_record_facts(request.user, employments)
    facts_forms = {}
    if can_record:
        forms = forms or {}
        current = _current_jobs(employments)
        facts_forms = {
            "rating": forms.get("rating") or RatingForm(
                unit_choices=_rating_unit_choices(employments),
                initial={"year": timezone.localdate().year, "unit": current[0].unit_id if current else None}),
            "initiative": forms.get("initiative") or InitiativeForm(initial={"year": timezone.localdate().year}),
            "discipline": forms.get("discipline") or DisciplineForm(initial={"year": timezone.localdate().year}),
        }
    awards = list(selectors.award_search(user=request.user, person_id=person.pk))
    access = access_of(request.user)
    can_confirm = access.is_council_office or bool(
        {job.unit_id for job in _current_jobs(employments)} & access.head_unit_ids)
    return {"person": person, "employments": employments, **selectors.person_facts(person=person),
            "awards": awards, "can_record": can_record, "can_confirm": can_confirm, "facts_forms": facts_forms,
            "history": history_for(person), "access": access}


@login_required
def person_detail(request, person_id: int):
    """A person's record: jobs, yearly ratings, initiatives, discipline and awards, with the forms to add facts."""
    person = org_selectors.person_get(user=request.user, person_id=person_id)
    return render(request, "awards/person_detail.html", _person_context(request, person))


@login_required
@post_only
def person_fact_add(request, person_id: int):
    """One fact (``fact`` = rating, initiative or discipline) through its service; errors show inline (400)."""
    person = org_selectors.person_get(user=request.user, person_id=person_id)
    kind = request.POST.get("fact", "")
    employments = list(person.employments.select_related("unit").order_by("-started_on", "-id"))
    if kind not in ("rating", "initiative", "discipline"):
        return render(request, "400.html", status=400)
    if not _can_record_facts(request.user, employments):
        raise PermissionDenied(_("Only the council office or the staff of the person's unit may record this."))
    if kind == "rating":
        form = RatingForm(request.POST, unit_choices=_rating_unit_choices(employments))
    elif kind == "initiative":
        form = InitiativeForm(request.POST)
    else:
        form = DisciplineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "rating":
                services.rating_record(by=request.user, person=person, unit=Unit.objects.get(pk=data["unit"]),
                                       year=data["year"], rating=data["rating"])
                text = _("The rating for %(year)s is recorded.")
            elif kind == "initiative":
                services.initiative_record(by=request.user, person=person, year=data["year"], title=data["title"],
                                           level=data["level"], kind=data["kind"],
                                           recognition_reference=data["recognition_reference"])
                text = _("The initiative of %(year)s is recorded.")
            else:
                services.discipline_record(by=request.user, person=person, year=data["year"],
                                           measure=data["measure"], decision_reference=data["decision_reference"],
                                           ends_on=data["ends_on"])
                text = _("The disciplinary measure of %(year)s is recorded.")
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, text % {"year": data["year"]})
            return redirect(reverse("awards:person", args=[person.pk]) + f"#{kind}s")
    return render(request, "awards/person_detail.html", _person_context(request, person, forms={kind: form}),
                  status=400)


# ── a collective's years ────────────────────────────────────────────────────────────────────────────────────


@login_required
def unit_years(request, unit_id: int):
    """A collective's figures by year (members, those who completed their tasks, LĐTT, rating, discipline), for
    its staff and the office; ``?year=`` fills the form with that year's figures to correct them."""
    unit = org_selectors.unit_get(user=request.user, unit_id=unit_id)
    rows = selectors.unit_year_list(user=request.user, unit=unit)
    access = access_of(request.user)
    can_record = access.is_council_office or unit.pk in access.staff_unit_ids
    form, status = None, 200
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = UnitYearForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.unit_year_record(
                    by=request.user, unit=unit, year=data["year"], member_count=data["member_count"],
                    members_completed=data["members_completed"], advanced_workers=data["advanced_workers"],
                    rating=data["rating"], worst_discipline=data["worst_discipline"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The figures for %(year)s are recorded.") % {"year": data["year"]})
                return redirect("awards:unit_years", unit_id=unit.pk)
    elif can_record:
        initial = {"year": timezone.localdate().year}
        chosen = request.GET.get("year", "")
        existing = next((r for r in rows if str(r.year) == chosen), None)
        if existing is not None:
            initial = {name: getattr(existing, name) for name in (
                "year", "member_count", "members_completed", "advanced_workers", "rating", "worst_discipline")}
        form = UnitYearForm(initial=initial)
    return render(request, "awards/unit_years.html", {
        "unit": unit, "rows": rows, "form": form if can_record else None, "access": access}, status=status)
