"""The complaint channels of the service standard (its "Pengelolaan pengaduan" part), seeded
when the office's reference data is loaded; the admin edits them afterwards. The answer
periods are our defaults for the admin to set to the office's own commitments."""

from konsultasi.feedback.models import ComplaintChannel

# (code, name, address, whistleblowing)
CHANNELS = [
    ("sp4n-lapor", "SP4N-LAPOR!", "https://www.lapor.go.id", False),
    ("wise", "Whistleblowing System Kemenkeu (WISE)", "https://wise.kemenkeu.go.id", True),
    ("sipandu", "SIPANDU", "https://pengaduandjpb.kemenkeu.go.id", False),
    ("hai-djpb", "HAI DJPb", "https://hai.kemenkeu.go.id", False),
    ("kotak-saran", "Kotak saran/kotak pengaduan", "", False),
    ("sms", "SMS", "", False),
    ("kontak-resmi", "Kontak resmi KPPN", "", False),
    ("tatap-muka", "Tatap muka di KPPN", "", False),
    # Not in the standard's list: the stakeholders' portal, where they complain about a
    # consultation of theirs.
    ("portal", "Portal Layanan Konsultasi", "", False),
]


def load_complaint_channels(**_signal) -> None:
    for position, (code, name, url, whistleblowing) in enumerate(CHANNELS, start=1):
        ComplaintChannel.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "url": url,
                "is_whistleblowing": whistleblowing,
                "position": position,
            },
        )
