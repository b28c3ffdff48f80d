"""Files for the attachment tests, built byte by byte: Office zips (OOXML) and legacy Office
compound files (OLE), with or without macros."""

import io
import math
import struct
import zipfile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)

OOXML = "application/vnd.openxmlformats-officedocument"
WORD = f"{OOXML}.wordprocessingml.document"
EXCEL = f"{OOXML}.spreadsheetml.sheet"
POWERPOINT = f"{OOXML}.presentationml.presentation"


def zip_of(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def office_document(main_part: str, *, content_types: bytes = b"<Types/>", **parts) -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?>' + content_types,
            "_rels/.rels": b"<Relationships/>",
            main_part: b"<document>Salinan SPM</document>",
            **parts,
        }
    )


# --- OLE compound files ([MS-CFB], version 3: 512-byte sectors) ---------------------------

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END, _FAT_SECTOR, _DIFAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
_NONE = 0xFFFFFFFF  # no sibling, no child
_STORAGE, _STREAM, _ROOT = 1, 2, 5


def _entry(name: str, kind: int, sibling: int, child: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NONE, sibling, child)
        + bytes(16 + 4 + 8 + 8)  # class id, state bits, creation and modification times
        + struct.pack("<IQ", _END, 0)  # an empty stream: no sectors
    )


def ole_file(*entries: tuple[str, int], fat_sectors: int = 1) -> bytes:
    """A compound file whose directory holds a root entry and `entries` (name, kind), each
    the right sibling of the one before. Streams are empty: only the directory matters.

    The FAT fills the first `fat_sectors` sectors and the directory follows, chained. The
    header lists 109 FAT sectors; more (as in files over 7 MB) are listed in DIFAT sectors,
    placed last."""
    count = len(entries) + 1
    directory = _entry("Root Entry", _ROOT, _NONE, 1 if entries else _NONE)
    for index, (name, kind) in enumerate(entries, start=1):
        directory += _entry(name, kind, index + 1 if index < len(entries) else _NONE, _NONE)
    dir_sectors = math.ceil(count / 4)
    directory = directory.ljust(dir_sectors * 512, b"\0")
    first_dir = fat_sectors
    in_difat = list(range(109, fat_sectors))
    difat_sectors = math.ceil(len(in_difat) / 127)
    first_difat = first_dir + dir_sectors if difat_sectors else _END

    fat = [_FREE] * (fat_sectors * 128)
    fat[:fat_sectors] = [_FAT_SECTOR] * fat_sectors
    for sector in range(first_dir, first_dir + dir_sectors):
        fat[sector] = sector + 1
    fat[first_dir + dir_sectors - 1] = _END
    for sector in range(difat_sectors):
        fat[first_dir + dir_sectors + sector] = _DIFAT_SECTOR
    difat = b""
    for sector in range(difat_sectors):
        listed = in_difat[sector * 127 : (sector + 1) * 127]
        following = first_difat + sector + 1 if sector + 1 < difat_sectors else _END
        difat += struct.pack("<128I", *listed, *([_FREE] * (127 - len(listed))), following)

    in_header = list(range(min(fat_sectors, 109)))
    header = (
        _SIGNATURE
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIII", 0, fat_sectors, first_dir, 0, 4096)
        + struct.pack("<IIII", _END, 0, first_difat, difat_sectors)
        + struct.pack("<109I", *in_header, *([_FREE] * (109 - len(in_header))))
    )
    assert len(header) == 512
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + difat


STREAM, STORAGE = _STREAM, _STORAGE
LEGACY_WORD = ole_file(("WordDocument", STREAM), ("1Table", STREAM))
LEGACY_EXCEL = ole_file(("Workbook", STREAM))
LEGACY_POWERPOINT = ole_file(("PowerPoint Document", STREAM), ("Current User", STREAM))
