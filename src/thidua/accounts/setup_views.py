"""The council office's pages for the accounts: the users, an invitation by email, a password link, roles in units,
deactivation — without the Django admin. Each action goes through ``accounts.services`` (permission and audit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.core.decorators import post_only
from thidua.core.forms import add_service_errors
from thidua.core.permissions import require_council_office

from . import services
from .forms import InviteForm, RoleForm
from .models import RoleAssignment, User

PAGE_SIZE = 50


@login_required
def user_list(request, *, invite_form=None, status=200):
    require_council_office(request.user)
    q = request.GET.get("q", "").strip()[:100]
    users = User.objects.order_by("-is_active", "username").prefetch_related("role_assignments__unit")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(email__icontains=q))
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/setup/users.html", {
        "page": page, "users": page.object_list, "q": q, "query": f"q={q}" if q else "",
        "invite_form": invite_form or InviteForm()}, status=status)


@login_required
@post_only
def user_invite(request):
    require_council_office(request.user)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            user = services.user_invite(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is invited: a link to choose a password was sent to %(email)s.")
                             % {"name": user.get_full_name() or user.username, "email": user.email})
            return redirect("accounts:setup_user", user_id=user.pk)
    return user_list(request, invite_form=form, status=400)


@login_required
def user_detail(request, user_id: int, *, role_form=None, status=200):
    require_council_office(request.user)
    person = get_object_or_404(User, pk=user_id)
    return render(request, "accounts/setup/user.html", {
        "person": person, "assignments": person.role_assignments.select_related("unit").order_by("role", "unit__name"),
        "role_form": role_form or RoleForm()}, status=status)


@login_required
@post_only
def user_action(request, user_id: int):
    """Reset the password, deactivate, give or take a role: ``action`` says which."""
    require_council_office(request.user)
    person = get_object_or_404(User, pk=user_id)
    action = request.POST.get("action")
    try:
        if action == "reset":
            services.user_password_reset(by=request.user, user=person)
            messages.success(request, _("A link to choose a new password was sent to %(email)s.") % {
                "email": person.email})
        elif action == "deactivate":
            services.user_deactivate(by=request.user, user=person)
            messages.success(request, _("The account is deactivated."))
        elif action == "role":
            form = RoleForm(request.POST)
            if not form.is_valid():
                return user_detail(request, user_id, role_form=form, status=400)
            services.role_assign(by=request.user, user=person, **form.cleaned_data)
            messages.success(request, _("The role is given."))
        elif action == "revoke":
            assignment = get_object_or_404(RoleAssignment, pk=request.POST.get("assignment") or 0, user=person)
            services.role_revoke(by=request.user, assignment=assignment)
            messages.success(request, _("The role is taken back."))
        else:
            messages.error(request, _("Unknown action."))
            return user_detail(request, user_id, status=400)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return user_detail(request, user_id, status=400)
    return redirect("accounts:setup_user", user_id=person.pk)
