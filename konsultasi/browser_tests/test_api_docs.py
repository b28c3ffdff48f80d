"""The API's docs page in a real browser: Swagger UI from our own static files, under the
site's headers, listing the operations. Screenshot: var/screenshots/api-docs.png."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_docs_page_renders_the_operations_without_a_cdn(page, screenshot, db):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else None
        ),
    )
    page.goto("/api/docs")
    # Swagger UI is a 1.4 MB script: on a busy 2-core machine it takes its time.
    expect(page.get_by_text("Layanan Konsultasi API").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("/api/v1/consultations").first).to_be_visible()
    screenshot(page, "api-docs", full_page=False)
    assert outside == []
