"""The directory of an OLE compound file ([MS-CFB]), the container of legacy Office documents
(doc, xls, ppt) and of many other things (installers among them): enough to tell which it
is and whether it carries macros, without reading any stream."""

import struct

from django.core.files import File

_HEADER = 512
_ENTRY = 128
# Sector numbers from here up are markers (free, end of chain, FAT, DIFAT), not sectors.
_MAX_SECTOR = 0xFFFFFFFA
_EMPTY_ENTRY = 0


class Malformed(Exception):
    """Not a compound file we can read; refuse it like any other unknown file."""


def entry_names(upload: File, size: int) -> list[str]:
    """The names of every storage and stream in the file's directory, in directory order.

    Every sector read is bounds-checked and every chain followed at most once, so a crafted
    file can neither read out of the file nor loop. Raises Malformed."""
    upload.seek(0)
    header = upload.read(_HEADER)
    if len(header) < _HEADER:
        raise Malformed
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):  # 512- or 4096-byte sectors, the only two the format allows
        raise Malformed
    sector_size = 1 << shift
    per_sector = sector_size // 4
    fat_count, first_directory = struct.unpack_from("<II", header, 44)
    first_difat, difat_count = struct.unpack_from("<II", header, 68)

    def read(sector: int) -> bytes:
        offset = (sector + 1) * sector_size  # the header fills sector "-1"
        if sector >= _MAX_SECTOR or offset + sector_size > size:
            raise Malformed
        upload.seek(offset)
        return upload.read(sector_size)

    # Where the FAT lives: 109 sectors listed in the header, the rest in the DIFAT chain.
    fat_sectors = list(struct.unpack_from("<109I", header, 76))
    sector, seen = first_difat, set()
    for _ in range(difat_count):
        if sector in seen:
            raise Malformed
        seen.add(sector)
        listed = struct.unpack(f"<{per_sector}I", read(sector))
        fat_sectors += listed[:-1]
        sector = listed[-1]
    fat_sectors = fat_sectors[:fat_count]
    if len(set(fat_sectors)) < len(fat_sectors):
        raise Malformed  # a sector listed twice would let a small file unpack a huge table
    fat: list[int] = []
    for fat_sector in fat_sectors:
        fat += struct.unpack(f"<{per_sector}I", read(fat_sector))

    names = []
    sector, seen = first_directory, set()
    while sector < _MAX_SECTOR:
        if sector in seen or sector >= len(fat):
            raise Malformed
        seen.add(sector)
        data = read(sector)
        for start in range(0, sector_size, _ENTRY):
            length, kind = struct.unpack_from("<HB", data, start + 64)
            if kind == _EMPTY_ENTRY:
                continue
            if length % 2 or not 2 <= length <= 64:
                raise Malformed
            names.append(data[start : start + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector]
    return names
