"""Shared by the portal's browser tests: the two screen sizes, a fresh browser context at one
of them, the links that arrive by e-mail, and a small PDF to upload."""

import re

from django.core import mail

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SIZES = [PHONE, DESKTOP]
SIZE_IDS = ["phone", "desktop"]

PDF = {
    "name": "spm-00123.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
}


def size_name(size: dict) -> str:
    return "phone" if size["width"] < 800 else "desktop"


def open_context(browser, live_server, size: dict):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=size,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        is_mobile=size["width"] < 800,
        has_touch=size["width"] < 800,
    )
    context.set_default_timeout(10_000)
    return context


def mailed_link(path_prefix: str) -> str:
    """The path of the newest link in the test outbox that starts with `path_prefix`."""
    for message in reversed(mail.outbox):
        found = re.findall(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", message.body)
        if found:
            return found[-1]
    raise AssertionError(f"no mail with a link to {path_prefix}")
