"""Pages that htmx also asks for in part answer both under one address: the inbox and its rows,
the library and its results, the queue and its board. The browser must never keep a part as
the page, or Back (or a tab opened again) shows the bare rows without the page around them. So
every answer to a GET says that it varies with the HX-Request header, and a part is not stored
at all."""

from django.utils.cache import patch_cache_control, patch_vary_headers


class PartsNotKeptAsPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD"):
            patch_vary_headers(response, ("HX-Request",))
            if request.headers.get("HX-Request") == "true":
                patch_cache_control(response, no_store=True)
        return response
