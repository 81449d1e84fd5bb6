from django.http import HttpRequest, JsonResponse, QueryDict
from django.utils.translation import gettext as _

from thidua.core.text import has_unprintable, printable


class RejectNulBytesMiddleware:
    """Refuse NUL characters in the URL, query string or form fields (urlencoded or multipart) with a 400.

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
        if request.method != "POST" or request.content_type not in {"application/x-www-form-urlencoded",
                                                                     "multipart/form-data"}:
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


class RequestBodyMiddleware:
    """A request body the server will not read is answered before any view, never with a 500.

    - larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (JSON or a urlencoded form; a multipart upload's files are
      limited by the form that takes them): 413;
    - a POSTed form whose multipart body is malformed (no or a bad boundary, a header that cannot be parsed), cut
      short (the client went away mid-upload) or lacking its closing boundary: 400. Django would otherwise parse a
      truncated upload into a shorter file and go on as if nothing happened.

    Under /api/ the answer is the API's ``{"detail", "errors"}``; elsewhere the 400 page with the reason.
    """

    #: Bytes after the closing boundary a client may send (an epilogue, trailing line breaks) that are still accepted.
    EPILOGUE = 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        problem = self._problem(request)
        if problem is not None:
            status, detail = problem
            return self._refuse(request, status, detail)
        return self.get_response(request)

    def _problem(self, request: HttpRequest) -> tuple[int, str] | None:
        from django.conf import settings
        from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
        from django.http import UnreadablePostError
        from django.http.multipartparser import MultiPartParserError

        if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 400, _("The request's Content-Length is not a number.")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        multipart = request.content_type == "multipart/form-data"
        if limit is not None and length > limit and not multipart:
            return 413, self._too_large(limit)
        if request.method != "POST" or request.content_type not in {"multipart/form-data",
                                                                     "application/x-www-form-urlencoded"}:
            return None
        tail = _TailRecorder(request) if multipart else None
        try:
            request.POST  # noqa: B018  (parse now, where a failure can still be answered properly)
            if tail is not None:
                request._stream = tail.stream
        except MultiPartParserError:
            return 400, _("The form data is malformed (multipart/form-data): send it again from the page.")
        except UnreadablePostError:
            return 400, _("The request was cut short before all of it arrived: send it again.")
        except RequestDataTooBig:
            return 413, self._too_large(limit)
        except (TooManyFieldsSent, TooManyFilesSent):
            return 400, _("The form has too many fields or files.")
        if tail is not None and not tail.closed_properly():
            return 400, _("The form data is incomplete (its closing boundary is missing): send it again.")
        return None

    @staticmethod
    def _too_large(limit: int) -> str:
        from django.template.defaultfilters import filesizeformat

        return _("The request is too large: at most %(size)s may be sent at once.") % {"size": filesizeformat(limit)}

    @staticmethod
    def _refuse(request: HttpRequest, status: int, detail: str):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(detail), "errors": []}, status=status)
        from django.http import HttpResponse
        from django.template import loader

        # Rendered like Django's own 400 page (no request context: the user is not loaded yet).
        return HttpResponse(loader.get_template("400.html").render({"detail": detail}), status=status)


class _TailRecorder:
    """Wraps the request's input stream and keeps the last bytes read, so that after Django has parsed (and
    exhausted) a multipart body the middleware can tell whether it ended with its closing boundary."""

    def __init__(self, request: HttpRequest) -> None:
        self.stream = request._stream
        self.boundary = self._boundary(request)
        self.keep = len(self.boundary) + 4 + RequestBodyMiddleware.EPILOGUE
        self.tail = b""
        self.read_any = False
        request._stream = self

    @staticmethod
    def _boundary(request: HttpRequest) -> bytes:
        from django.utils.http import parse_header_parameters

        _ctype, options = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
        return options.get("boundary", "").encode("ascii", "replace")

    def read(self, *args, **kwargs) -> bytes:
        return self._keep(self.stream.read(*args, **kwargs))

    def readline(self, *args, **kwargs) -> bytes:
        return self._keep(self.stream.readline(*args, **kwargs))

    def _keep(self, data: bytes) -> bytes:
        if data:
            self.read_any = True
            self.tail = (self.tail + data)[-self.keep:]
        return data

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def closed_properly(self) -> bool:
        if not self.read_any:
            return True  # an empty body: Django parsed nothing, there is nothing to have cut short
        return b"--" + self.boundary + b"--" in self.tail


class CleanTextInputMiddleware:
    """Strip the characters no text field keeps (``core.text.UNPRINTABLE``: control characters other than tab and
    line breaks, U+FFFE/U+FFFF, unpaired surrogates) from every submitted query and form value, before any form sees
    it.

    The rule for the whole application, pages and API alike: such characters are *stripped silently* from free text
    (a pasted return reason keeps its words, loses the invisible vertical tab), while NUL — never typed, a sign of a
    broken or hostile client — is *refused* with a 400 (``RejectNulBytesMiddleware``; in JSON, the API's ``Text``
    type). Tabs and line breaks stay, so multi-line fields keep their layout. The API's JSON bodies are cleaned by
    the same rule in ``thidua.api.types.Text``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if self._dirty(request.GET):
            request.GET = self._cleaned(request.GET)
        if request.method == "POST" and request.content_type in {"multipart/form-data",
                                                                 "application/x-www-form-urlencoded"}:
            if self._dirty(request.POST):
                request.POST = self._cleaned(request.POST)
        return self.get_response(request)

    @staticmethod
    def _dirty(data: QueryDict) -> bool:
        return any(has_unprintable(key) or any(has_unprintable(value) for value in values)
                   for key, values in data.lists())

    @staticmethod
    def _cleaned(data: QueryDict) -> QueryDict:
        cleaned = QueryDict(mutable=True, encoding=data.encoding)
        for key, values in data.lists():
            cleaned.setlist(printable(key), [printable(value) for value in values])
        cleaned._mutable = False
        return cleaned
