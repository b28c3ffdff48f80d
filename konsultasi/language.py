"""Which language a page speaks: Indonesian, unless the person chose English with the language
switch (Django's `set_language` view, which stores the choice in a cookie).

The browser's Accept-Language is not consulted: office PCs and phones often run an English
browser for an Indonesian reader, and the service is Indonesian first."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
