"""Pages to record values, keep the catalog and targets, decide pledges and import a workbook. Thin views: parse the
form, call a selector or a service, map ``ValidationError`` to form errors (400) and a stale version to 409.

Who may do what is decided by ``services`` and ``selectors``; the checks here only choose which forms to show and
refuse early (403) a write the service would refuse anyway.
"""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.campaigns.enums import CampaignStatus
from thidua.campaigns.selectors import campaign_get
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.core.audit import history_for
from thidua.core.decorators import post_only
from thidua.core.exceptions import StaleVersion
from thidua.core.files import file_response
from thidua.core.forms import add_service_errors
from thidua.core.jobs import job_get
from thidua.core.numbers import vi_number
from thidua.org.models import Unit
from thidua.org.selectors import cluster_list

from . import progress, selectors, services, spreadsheet
from .enums import EntrySource, TargetApproval
from .forms import (
    DecisionForm,
    ImportForm,
    IndicatorForm,
    PledgeForm,
    ProgressForm,
    TargetGridFormSet,
    TemplateForm,
)

#: Rows of an indicator's targets per page (the office's grid saves one page at a time).
TARGETS_PAGE_SIZE = 50


def _can_write(user, unit_id: int) -> bool:
    writable = selectors.writable_unit_ids(user=user)
    return writable is None or unit_id in writable


# ── a target: its values, history, and the form to record one ───────────────────────────────────────────────


def _target_context(request, target, form, conflict: str = "") -> dict:
    campaign = target.indicator.campaign
    return {
        "target": target, "indicator": target.indicator, "campaign": campaign, "form": form, "conflict": conflict,
        "entries": selectors.target_history(target=target),
        "history": history_for(target),
        "raw_completion": target.completion,
        "at_risk_floor": progress.AT_RISK_FLOOR,
        "can_write": form is not None,
    }


@login_required
def target_detail(request, target_id: int):
    """The target and its values; its unit's clerk or head (or the office) records a value here."""
    target = selectors.target_get(user=request.user, target_id=target_id)
    writable = (_can_write(request.user, target.unit_id) and target.approval == TargetApproval.APPROVED
                and target.indicator.campaign.status == CampaignStatus.LAUNCHED)
    if request.method == "POST" and not _can_write(request.user, target.unit_id):
        raise PermissionDenied
    if request.method != "POST":
        initial = {"version": target.version, "period_end": min(timezone.localdate(), target.due_on)}
        form = ProgressForm(initial=initial) if writable else None
        return render(request, "indicators/target.html", _target_context(request, target, form))

    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_record(by=request.user, target=target, period_end=data["period_end"],
                                     value=data["value"], note=data["note"], version=data["version"],
                                     evidence=data["evidence"], source=EntrySource.FORM)
        except StaleVersion as exc:
            # Show the newer values, and the form again with the new version: resubmitting is a deliberate act.
            fresh = selectors.target_get(user=request.user, target_id=target_id)
            again = ProgressForm(initial={**{k: data[k] for k in ("period_end", "value", "note")},
                                          "version": exc.current_version})
            return render(request, "indicators/target.html",
                          _target_context(request, fresh, again, conflict=exc.message), status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The value %(value)s for the period ending %(date)s is saved.") % {
                "value": form.fields["value"].prepare_value(data["value"]),
                "date": f"{data['period_end']:%d/%m/%Y}"})
            return redirect("indicators:target", target_id=target.pk)
    return render(request, "indicators/target.html", _target_context(request, target, form), status=400)


@login_required
def entry_evidence(request, target_id: int, entry_id: int):
    target = selectors.target_get(user=request.user, target_id=target_id)
    entry = next((e for e in selectors.target_history(target=target) if e.pk == entry_id and e.evidence), None)
    if entry is None:
        raise Http404
    name = entry.evidence_name or "evidence"
    response = FileResponse(entry.evidence.open("rb"), as_attachment=True, filename=name,
                            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ── the catalog ─────────────────────────────────────────────────────────────────────────────────────────────


def _catalog_context(request, campaign, form) -> dict:
    indicators = list(selectors.indicator_list(campaign=campaign))
    by_area: dict[int, list] = {}
    for indicator in indicators:
        by_area.setdefault(indicator.content_area_id, []).append(indicator)
    areas = [(area, by_area.get(area.pk, [])) for area in campaign.contents.order_by("order")]
    return {"campaign": campaign, "areas": areas, "count": len(indicators), "form": form,
            "is_office": access_of(request.user).is_council_office}


@login_required
def indicator_list(request, campaign_id: int):
    """The indicators by content area; the office adds one here."""
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    office = access_of(request.user).is_council_office
    if request.method != "POST":
        form = IndicatorForm(campaign=campaign) if office else None
        return render(request, "indicators/indicator_list.html", _catalog_context(request, campaign, form))
    if not office:
        raise PermissionDenied
    form = IndicatorForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            indicator = services.indicator_create(by=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indicator %(code)s added.") % {"code": indicator.code})
            return redirect("indicators:indicator_list", campaign_id=campaign.pk)
    return render(request, "indicators/indicator_list.html", _catalog_context(request, campaign, form), status=400)


@login_required
def indicator_edit(request, indicator_id: int):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    if not access_of(request.user).is_council_office:
        raise PermissionDenied
    campaign = indicator.campaign
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS}
    form = IndicatorForm(request.POST or None, campaign=campaign, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.indicator_update(by=request.user, indicator=indicator, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Indicator %(code)s saved.") % {"code": form.cleaned_data["code"]})
                return redirect("indicators:indicator_list", campaign_id=campaign.pk)
    return render(request, "indicators/indicator_form.html",
                  {"form": form, "indicator": indicator, "campaign": campaign,
                   "history": history_for(indicator)}, status=status)


# ── targets of one indicator: the office's bulk grid, or the table others may see ──────────────────────────


def _grid_errors(formset, rows: list[dict], names: dict[int, str], exc: ValidationError) -> list[str]:
    """Put the service's errors (keyed ``"row N"`` or ``"<unit name>: <field>"``) on the rows they name; the rest
    is returned for the top of the page."""
    index_of = {form.cleaned_data["unit"]: i for i, form in enumerate(formset.forms) if form.cleaned_data}
    unit_of_name = {names[row["unit_id"]]: row["unit_id"] for row in rows if row["unit_id"] in names}
    loose = []
    for key, errors in (exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]):
        unit_id, field = None, None
        if key.startswith("row ") and key[4:].isdigit() and 0 < int(key[4:]) <= len(rows):
            unit_id = rows[int(key[4:]) - 1]["unit_id"]
        elif ": " in key:
            name, field = key.rsplit(": ", 1)
            unit_id = unit_of_name.get(name)
        if unit_id in index_of:
            form = formset.forms[index_of[unit_id]]
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        else:
            loose.extend(errors)
    return loose


@login_required
def indicator_targets(request, indicator_id: int):
    """An indicator's targets, paged: the office's grid of every participant (a page of them is saved as a whole),
    anyone else the targets they may see."""
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    campaign = indicator.campaign
    office = access_of(request.user).is_council_office
    context = {"indicator": indicator, "campaign": campaign}
    if not office:
        if request.method == "POST":
            raise PermissionDenied
        page = Paginator(selectors.target_list(user=request.user, campaign=campaign, indicator_id=indicator.pk),
                         TARGETS_PAGE_SIZE).get_page(request.GET.get("page"))
        context.update({"targets": page.object_list, "page": page, "target_count": page.paginator.count})
        return render(request, "indicators/indicator_targets.html", context)

    page = Paginator(campaign_participants(campaign=campaign), TARGETS_PAGE_SIZE).get_page(request.GET.get("page"))
    participants = page.object_list
    names = {p.unit_id: p.unit_name for p in participants}
    existing = {t.unit_id: t for t in selectors.target_list(user=request.user, campaign=campaign,
                                                           indicator_id=indicator.pk, approval=None,
                                                           unit_ids=names)}
    initial = [
        {"unit": p.unit_id, "baseline": existing[p.unit_id].baseline,
         "target_value": existing[p.unit_id].target_value, "due_on": existing[p.unit_id].due_on}
        if p.unit_id in existing else {"unit": p.unit_id}
        for p in participants
    ]
    formset = TargetGridFormSet(request.POST or None, initial=initial, prefix="t")
    loose: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if formset.is_valid() and not {form.cleaned_data.get("unit") for form in formset.forms} <= set(names):
            # a row of another page (or no participant): the page changed under the form, nothing is saved
            loose = [_("The list of participants changed since this page was opened: reload it and try again.")]
        elif formset.is_valid():
            # Only the rows the office changed: an untouched target keeps its version and its history stays quiet.
            rows = [
                {"unit_id": form.cleaned_data["unit"], "baseline": form.cleaned_data["baseline"],
                 "target_value": form.cleaned_data["target_value"], "due_on": form.cleaned_data["due_on"],
                 "baseline_on": getattr(existing.get(form.cleaned_data["unit"]), "baseline_on", None)}
                for form in formset.forms
                if form.has_changed() and form.cleaned_data.get("baseline") is not None
            ]
            try:
                saved = services.targets_set_bulk(by=request.user, indicator=indicator, rows=rows) if rows else []
            except ValidationError as exc:
                loose = _grid_errors(formset, rows, names, exc)
            else:
                messages.success(request, _("%(n)s targets saved.") % {"n": vi_number(len(saved))})
                url = reverse("indicators:indicator_targets", args=[indicator.pk])
                return redirect(f"{url}?page={page.number}" if page.number > 1 else url)
    context.update({
        "formset": formset, "loose_errors": loose, "page": page,
        "grid": [(form, names.get(form.initial.get("unit")), existing.get(form.initial.get("unit")))
                 for form in formset.forms],
        "default_due_on": services.default_due_on(campaign),
    })
    return render(request, "indicators/indicator_targets.html", context, status=status)


# ── pledges ─────────────────────────────────────────────────────────────────────────────────────────────────


def _pledge_context(request, campaign, *, pledge_form=None, decisions=None) -> dict:
    access = access_of(request.user)
    staff = sorted(access.staff_unit_ids)
    context = {"campaign": campaign, "is_office": access.is_council_office,
               # errors of a decision, shown at the top too (the pledge may have left the pending list)
               "decision_errors": [e for form in (decisions or {}).values() for errors in form.errors.values()
                                   for e in errors]}
    if access.is_council_office or not staff:
        context["pending"] = [
            (target, (decisions or {}).get(target.pk) or DecisionForm(initial={"version": target.version}))
            for target in selectors.pending_pledges(user=request.user, campaign=campaign)
        ]
    if staff:
        mine = list(selectors.target_list(user=request.user, campaign=campaign, approval=None)
                    .filter(unit_id__in=staff))
        approved = {(t.unit_id, t.indicator_id) for t in mine if t.approval == TargetApproval.APPROVED}
        indicators = selectors.indicator_list(campaign=campaign)
        open_ids = [i.pk for i in indicators if any((u, i.pk) not in approved for u in staff)]
        units = Unit.objects.filter(pk__in=staff).order_by("search_text")
        context["mine"] = mine
        context["pledge_form"] = pledge_form or PledgeForm(
            units=units, indicators=indicators.filter(pk__in=open_ids))
    return context


def _pledge_form(request, campaign, data=None) -> PledgeForm:
    staff = access_of(request.user).staff_unit_ids
    return PledgeForm(data, units=Unit.objects.filter(pk__in=staff).order_by("search_text"),
                      indicators=selectors.indicator_list(campaign=campaign))


@login_required
def pledges(request, campaign_id: int):
    """A unit's clerk pledges its own targets here; the office sees the pledges waiting for its decision."""
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    if request.method != "POST":
        return render(request, "indicators/pledges.html", _pledge_context(request, campaign))
    if not access_of(request.user).staff_unit_ids:
        raise PermissionDenied
    form = _pledge_form(request, campaign, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            target = services.target_pledge(by=request.user, indicator=data["indicator"], unit=data["unit"],
                                            baseline=data["baseline"], target_value=data["target_value"],
                                            due_on=data["due_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your pledge for %(code)s is sent to the council office for approval.")
                             % {"code": target.indicator.code})
            return redirect("indicators:pledges", campaign_id=campaign.pk)
    return render(request, "indicators/pledges.html", _pledge_context(request, campaign, pledge_form=form),
                  status=400)


@login_required
@post_only
def pledge_decide(request, target_id: int):
    """The office approves a pledge, or rejects it with a reason."""
    target = selectors.target_get(user=request.user, target_id=target_id)
    campaign = target.indicator.campaign
    if not access_of(request.user).is_council_office:
        raise PermissionDenied
    form = DecisionForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.target_decide(by=request.user, target=target, approve=data["decision"] == "approve",
                                   reason=data["reason"], version=data["version"])
        except StaleVersion as exc:
            # The list is rebuilt with the pledge's new version: deciding again is a deliberate act.
            context = _pledge_context(request, campaign)
            context["decision_errors"] = [exc.message]
            return render(request, "indicators/pledges.html", context, status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = (_("Pledge approved: %(target)s.") if data["decision"] == "approve"
                    else _("Pledge rejected: %(target)s."))
            messages.success(request, text % {"target": f"{target.indicator.code} – {target.unit.name}"})
            return redirect("indicators:pledges", campaign_id=campaign.pk)
    return render(request, "indicators/pledges.html",
                  _pledge_context(request, campaign, decisions={target.pk: form}), status=status)


# ── the Excel round trip ────────────────────────────────────────────────────────────────────────────────────


def _template_form(request, campaign, data=None) -> TemplateForm:
    access = access_of(request.user)
    clusters = cluster_list(user=request.user, year=campaign.year, members="ids")
    if not access.is_council_office:
        clusters = clusters.filter(members__in=access.staff_unit_ids).distinct()
    return TemplateForm(data, clusters=clusters, mine=bool(access.staff_unit_ids),
                        everything=access.is_council_office)


def _require_importer(user) -> None:
    access = access_of(user)
    if not (access.is_council_office or access.staff_unit_ids):
        raise PermissionDenied


def _import_page(request, campaign, *, template_form=None, import_form=None, job=None, status=200):
    return render(request, "indicators/progress_import.html", {
        "campaign": campaign, "template_form": template_form or _template_form(request, campaign),
        "import_form": import_form or ImportForm(), "job": job, "instructions": spreadsheet.instructions(),
    }, status=status)


@login_required
def progress_import(request, campaign_id: int):
    """Download the workbook to fill, upload it back; the import runs in the worker and the page shows its bar."""
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    _require_importer(request.user)
    if request.method != "POST":
        job = None
        if request.GET.get("job", "").isdigit():
            job = job_get(user=request.user, job_id=int(request.GET["job"]))
        return _import_page(request, campaign, job=job)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = services.progress_import_start(by=request.user, campaign=campaign, file=form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(f"{request.path}?job={job.pk}")
    return _import_page(request, campaign, import_form=form, status=400)


@login_required
def progress_template(request, campaign_id: int):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    _require_importer(request.user)
    form = _template_form(request, campaign, request.GET)
    if not form.is_valid():
        return _import_page(request, campaign, template_form=form, status=400)
    scope, cluster = form.cleaned_data["scope"], form.cleaned_data.get("cluster")
    rows = selectors.template_rows(user=request.user, campaign=campaign,
                                   cluster_id=cluster.pk if scope == TemplateForm.CLUSTER else None)
    content = spreadsheet.build_template(title=campaign.title, rows=rows)
    suffix = {TemplateForm.MINE: "", TemplateForm.ALL: "-tat-ca",
              TemplateForm.CLUSTER: f"-cum-{cluster.pk}" if cluster else ""}[scope]
    return file_response(content, f"so-lieu-{campaign.code.lower()}{suffix}.xlsx")


urlpatterns = [
    path("targets/<id:target_id>/", target_detail, name="target"),
    path("targets/<id:target_id>/entries/<id:entry_id>/evidence", entry_evidence, name="entry_evidence"),
    path("targets/<id:target_id>/decide/", pledge_decide, name="pledge_decide"),
    path("campaigns/<id:campaign_id>/indicators/", indicator_list, name="indicator_list"),
    path("indicators/<id:indicator_id>/edit", indicator_edit, name="indicator_edit"),
    path("indicators/<id:indicator_id>/targets/", indicator_targets, name="indicator_targets"),
    path("campaigns/<id:campaign_id>/pledges/", pledges, name="pledges"),
    path("campaigns/<id:campaign_id>/progress/import/", progress_import, name="progress_import"),
    path("campaigns/<id:campaign_id>/progress/template.xlsx", progress_template, name="progress_template"),
]
