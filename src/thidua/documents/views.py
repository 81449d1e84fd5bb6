"""The council office's pages for the documents' fixed wording and Word templates. Thin: reads in ``selectors``,
changes in ``services``; anyone but the office gets a 403, an unknown kind a 404, bad input a 400 with the
reason on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.decorators import post_only
from thidua.core.files import file_response

from . import selectors, services, word
from .forms import WordingForm, WordTemplateForm
from .models import DocumentKind, DocumentTemplate
from .preview import preview
from .wording import latest_template, wording_for


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _page(request, kind: str, *, form=None, upload_form=None, shown=None, previewed: bool = False,
          status: int = 200):
    current = wording_for(kind)
    return render(request, "documents/template_kind.html", {
        "kind": kind, "label": DocumentKind(kind).label, "wording": current,
        "form": form or WordingForm(initial=WordingForm.initial_from(current)),
        "upload_form": upload_form or WordTemplateForm(prefix="word"),
        "preview": shown, "previewed": previewed, "history": selectors.template_history(user=request.user, kind=kind),
        "fields": selectors.fields_of(kind), "has_spec": word.spec_for(kind) is not None,
        "word_template": latest_template(kind),
    }, status=status)


@login_required
def template_list(request):
    """The kinds of document, each with the version of its wording in use."""
    return render(request, "documents/template_list.html", {"kinds": selectors.template_kinds(user=request.user)})


def _unsaved(kind: str, form: WordingForm) -> DocumentTemplate:
    """The wording of the form over the one in use, as a version not saved (the preview's)."""
    content = {**services.current_content(kind), **services.clean_wording(form.content())}
    return DocumentTemplate(kind=kind, version=0, content=content)


@login_required
def template_kind(request, kind: str):
    """A kind's wording: edit, preview (``action=preview``: the document printed with the unsaved wording, read
    back on the page) and save as a new version (``action=save``); its history and its Word template."""
    kind = selectors.kind_get(user=request.user, kind=kind)
    if request.method != "POST":
        return _page(request, kind)
    form = WordingForm(request.POST)
    if form.is_valid():
        try:
            if request.POST.get("action") == "preview":
                shown = preview(kind=kind, template=_unsaved(kind, form))
                return _page(request, kind, form=form, shown=shown, previewed=True)
            template = services.template_save(by=request.user, kind=kind, content=form.content(),
                                              note=form.cleaned_data["note"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Version %(version)s of the wording is saved: the next documents print it.")
                             % {"version": template.version})
            return redirect("documents:template", kind=kind)
    return _page(request, kind, form=form, status=400)


@login_required
@post_only
def template_preview_docx(request, kind: str):
    """The preview as a DOCX: the document printed with the wording of the form, not saved."""
    kind = selectors.kind_get(user=request.user, kind=kind)
    form = WordingForm(request.POST)
    if form.is_valid():
        try:
            shown = preview(kind=kind, template=_unsaved(kind, form))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if shown is not None:
                return file_response(shown.content, f"xem-truoc-{kind}.docx")
            form.add_error(None, _("This kind of document has no preview yet."))
    return _page(request, kind, form=form, status=400)


@login_required
def word_default(request, kind: str):
    """The built-in layout as a Word template (its fields in place of the data), to adjust and upload back."""
    kind = selectors.kind_get(user=request.user, kind=kind)
    if word.spec_for(kind) is None:
        from django.http import Http404

        raise Http404
    return file_response(word.default_template(kind), f"mau-{kind}-mac-dinh.docx")


@login_required
def word_current(request, kind: str):
    """The office's Word template in use for the kind."""
    current = selectors.current_word_template(user=request.user, kind=kind)
    with current.word_template.open("rb") as stored:
        return file_response(stored.read(), f"mau-{kind}-v{current.version}.docx")


@login_required
@post_only
def word_upload(request, kind: str):
    kind = selectors.kind_get(user=request.user, kind=kind)
    upload_form = WordTemplateForm(request.POST, request.FILES, prefix="word")
    if upload_form.is_valid():
        try:
            template = services.word_template_upload(by=request.user, kind=kind,
                                                     file=upload_form.cleaned_data["file"],
                                                     note=upload_form.cleaned_data["note"])
        except ValidationError as exc:
            _add_errors(upload_form, exc)
        else:
            messages.success(request, _("The Word template is in use from version %(version)s.")
                             % {"version": template.version})
            return redirect("documents:template", kind=kind)
    return _page(request, kind, upload_form=upload_form, status=400)


@login_required
@post_only
def word_remove(request, kind: str):
    kind = selectors.kind_get(user=request.user, kind=kind)
    try:
        template = services.word_template_remove(by=request.user, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _page(request, kind, status=400)
    messages.success(request, _("The Word template is removed from version %(version)s: the built-in layout is "
                                "used.") % {"version": template.version})
    return redirect("documents:template", kind=kind)
