from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """Refuse NUL characters in the URL, query string or form fields with a 400.

    PostgreSQL cannot store NUL in text, so such input would otherwise surface as a 500 deep in a query.
    JSON bodies are checked by the API's schema types.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or self._form_has_nul(request):
            detail = _("The input contains an invalid character (NUL).")
            return JsonResponse({"detail": detail, "errors": []}, status=400)
        return self.get_response(request)

    @staticmethod
    def _form_has_nul(request: HttpRequest) -> bool:
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method != "POST" or not content_type.startswith("application/x-www-form-urlencoded"):
            return False
        return any("\x00" in value for values in request.POST.lists() for value in values[1])


class LanguageMiddleware:
    """Vietnamese unless the user picked another language with the switcher (the language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a clerk on an English-language
    browser still gets the Vietnamese UI the province works in, and can switch deliberately.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        # The request's language only: the thread's own language is restored afterwards, so a worker thread (or a
        # test) never keeps the last request's choice.
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
        return response


class ApiJsonErrorsMiddleware:
    """Under /api/, every error is JSON ``{"detail", "errors"}``, including Django's own 404 and 405 pages.

    The API's exception handlers already answer errors raised inside endpoints; this catches what never reaches
    an endpoint (an unknown path, a method a route does not offer).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and 400 <= response.status_code < 600
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            detail = {
                404: _("Not found."),
                405: _("This method is not allowed here."),
            }.get(response.status_code, _("The request could not be processed."))
            json_response = JsonResponse({"detail": str(detail), "errors": []}, status=response.status_code)
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response
