"""Every API error is ``{"detail": "…", "errors": [..]}`` with a 4xx status and a message in the user's language."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thidua.core.exceptions import StaleVersion


def _error(api: NinjaAPI, request, status: int, detail: str, errors: list | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _validation_errors(exc: ValidationError) -> list[dict]:
    """Pydantic's errors without the parts that are not JSON (exceptions in ``ctx``) or that echo input."""
    return [
        {"loc": [str(part) for part in error.get("loc", [])], "msg": str(error.get("msg", "")),
         "type": str(error.get("type", ""))}
        for error in exc.errors
    ]


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation(request, exc):
        errors = _validation_errors(exc)
        where = ", ".join(".".join(e["loc"][1:] or e["loc"]) for e in errors[:5])
        return _error(api, request, 422, _("Invalid input: %(fields)s.") % {"fields": where}, errors)

    @api.exception_handler(AuthenticationError)
    def on_authentication(request, exc):
        return _error(api, request, 401, _("Sign in first: send a valid token in the Authorization header."))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        message = str(exc)
        if exc.status_code == 400 and "parse" in message.lower():
            message = _("The request body is not valid JSON.")
        return _error(api, request, exc.status_code, message)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return _error(api, request, 404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        return _error(api, request, 403, str(exc) or _("You do not have permission to do this."))

    @api.exception_handler(StaleVersion)
    def on_stale_version(request, exc):
        return _error(api, request, 409, exc.message, [{"current_version": exc.current_version}])

    @api.exception_handler(DjangoValidationError)
    def on_domain_validation(request, exc):
        messages = [str(m) for m in exc.messages]
        return _error(api, request, 400, messages[0] if messages else _("Invalid input."), messages)
