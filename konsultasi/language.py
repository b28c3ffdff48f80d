"""Which language a page speaks: Indonesian, unless the person chose English with the language
switch (Django's `set_language` view, which stores the choice in a cookie).

The browser's Accept-Language is not consulted: office PCs and phones often run an English
browser for an Indonesian reader, and the service is Indonesian first. (The API is the
exception: a program says what it wants, `api.auth.callers_language`.)

Django's LocaleMiddleware would also look, on every answer, for a language in the path
(`i18n_patterns`, which we do not use); this one reads the cookie and says what it chose."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        # What LocaleMiddleware says of every answer, said the same way: true of the API's
        # answers (`api.auth.callers_language`); a page varies with the cookie, which the
        # session's Vary: Cookie already covers once anyone is signed in.
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
