"""Every API error is ``{"detail": "…", "errors": [..]}`` with a 4xx status and a message in the user's language."""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from thidua.core.exceptions import StaleVersion


class ErrorOut(Schema):
    """Every 4xx answer of the API."""

    detail: str = Field(description="What went wrong, in the user's language.")
    errors: list[Any] = Field(description="Details per field or row: pydantic's {loc, msg, type} for a 422, "
                                          "the current version for a 409, the messages for a 400; often empty.")


#: What each documented error status means (the OpenAPI description of the response).
ERROR_DESCRIPTIONS = {
    400: "Bad request: malformed body or form data, a NUL character, or a rule of the domain refused the input.",
    401: "Not signed in: send a valid token in the Authorization header.",
    403: "Signed in, but not allowed to do this.",
    404: "Not found, or not visible to the caller.",
    409: "Conflict: the record changed since it was read (send the current version) or its state forbids this.",
    413: "The request body is larger than the server accepts.",
    422: "Invalid input: a field is missing, of the wrong type or out of range.",
    429: "Too many failed sign-ins for this account or address: wait until the lockout ends.",
}

#: Operations that check a password, and so answer 429 while a sign-in lockout lasts (``accounts.lockout``).
SIGN_IN_PATHS = ("/auth/token",)


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

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc):
        from django.conf import settings
        from django.template.defaultfilters import filesizeformat

        return _error(api, request, 413, _("The request is too large: at most %(size)s may be sent at once.") % {
            "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})

    @api.exception_handler(StaleVersion)
    def on_stale_version(request, exc):
        return _error(api, request, 409, exc.message, [{"current_version": exc.current_version}])

    @api.exception_handler(DjangoValidationError)
    def on_domain_validation(request, exc):
        messages = [str(m) for m in exc.messages]
        return _error(api, request, 400, messages[0] if messages else _("Invalid input."), messages)


_WRITES = {"post", "put", "patch", "delete"}


def document(schema: dict) -> dict:
    """Declare in the OpenAPI ``schema`` the error responses each operation can give, all ``ErrorOut``.

    Derived from the operation itself, so a new endpoint is documented without anyone remembering to: 400 always
    (a malformed request, a NUL character, a domain rule), 401 and 403 when it needs a login, 404 when its path
    names a record, 413 and 422 when it takes a body, 422 when it takes parameters, 409 when its body carries the
    ``version`` it was read at (the optimistic lock), 429 when it checks a password (the sign-in lockout).
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in _WRITES | {"get", "head"}:
                continue
            statuses = {400}
            if operation.get("security"):
                statuses |= {401, 403}
            if "{" in path:
                statuses.add(404)
            body = operation.get("requestBody")
            if body:
                statuses |= {413, 422}
                if method in _WRITES and "version" in _body_properties(body, components):
                    statuses.add(409)
            if operation.get("parameters"):
                statuses.add(422)
            if path.endswith(SIGN_IN_PATHS):
                statuses.add(429)
            responses = operation.setdefault("responses", {})
            as_str = any(isinstance(key, str) for key in responses)
            for status in sorted(statuses):
                key = str(status) if as_str else status
                if key in responses:
                    continue
                responses[key] = {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                }
    return schema


def _body_properties(body: dict, components: dict) -> set[str]:
    names: set[str] = set()
    for media in body.get("content", {}).values():
        part = media.get("schema", {})
        ref = part.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            part = components.get(ref.rsplit("/", 1)[-1], {})
        names |= set(part.get("properties", {}))
    return names
