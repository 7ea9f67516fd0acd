import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Latvian unless the user chose otherwise with the switcher (cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a Latvian public
    service opens in Latvian on every computer (docs/decisions.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class IdleTimeoutMiddleware:
    """Keeps an active session alive: SESSION_COOKIE_AGE counts from the last request, give or take
    SESSION_RENEW_AFTER seconds, without writing the session on every request."""

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_AFTER:
                session[self.KEY] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


class CaseDataHiddenMiddleware:
    """The ministry sees aggregates only (SPEC §1): a case URL (person, application, decision, contract,
    timesheet, violation) answers it 404 as if nothing were there, not 403, so the role learns nothing about
    which cases exist (issue 7). Other roles keep "permission first, then scope" (403, then 404)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.conf import settings
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        from core.roles import MUNICIPAL_ROLES, Role, roles_of

        if not isinstance(exception, PermissionDenied):
            return None
        match = getattr(request, "resolver_match", None)
        if match is None or match.namespace not in settings.CASE_NAMESPACES:
            return None
        roles = roles_of(request.user)
        if Role.MINISTRY not in roles or roles & (MUNICIPAL_ROLES | {Role.ASSISTANT}):
            return None
        raise Http404
