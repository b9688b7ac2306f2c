from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


class ChosenLanguageMiddleware:
    """Simplified Chinese unless the user chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which turns an
    intranet PC with an English browser into an English Touyan; here only the explicit
    choice (the language cookie) counts. A program calling the API has no switcher, so there
    its request's Accept-Language is its choice (the cookie still wins when it sends one).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in self.supported and request.path.startswith("/api/"):
            chosen = self._accepted(request.headers.get("Accept-Language", ""))
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response

    def _accepted(self, header: str) -> str | None:
        """The first language of the header we offer: "en-US" is English, "zh-CN" Chinese."""
        for tag, _quality in parse_accept_lang_header(header[:255]):
            tag = tag.lower()
            for code in self.supported:
                if tag == code or tag.split("-")[0] == code.split("-")[0]:
                    return code
        return None
