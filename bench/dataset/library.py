"""The library stage of the data set (issue 9 on top of issue 7): the project's starter library
and synonym table, 10,000 generated library entries, and the search index rows of every
resolved or closed consultation — exactly what `konsultasi.knowledge.indexing` stores.

A stage of its own, recorded in the label as `"library": {"version": …}`: it is applied to a
data set that lacks it (or has an older version) without touching what the base generator
wrote, so a data set generated before the library existed is completed, not regenerated.

Entries and index rows are written in bulk (BulkWriter: COPY on PostgreSQL, where the
generated tsvector columns fill themselves; executemany on SQLite, with the FTS5 triggers
dropped meanwhile and the FTS tables rebuilt in one pass at the end, then the triggers put
back: the same index the triggers would have built, far faster)."""

import importlib
import random
import time
from datetime import date, timedelta
from functools import lru_cache
from unittest.mock import patch

from django.db import connection, transaction

from bench.dataset.writer import BulkWriter

VERSION = 1
ENTRIES = 10_000
SEED = 20261129
SLUG_PREFIX = "bench-pustaka-"
READ_BATCH = 20_000
BODIES = 60  # distinct bodies per subject

# (kind, share, number pattern, issuer)
KINDS = [
    ("pmk", 0.22, "{n}/PMK.{unit}/{year}", "Menteri Keuangan"),
    ("dg_regulation", 0.18, "PER-{n}/PB/{year}", "Direktur Jenderal Perbendaharaan"),
    ("circular", 0.16, "SE-{n}/PB/{year}", "Direktur Jenderal Perbendaharaan"),
    ("decree", 0.08, "KEP-{n}/PB/{year}", "Direktur Jenderal Perbendaharaan"),
    ("guideline", 0.12, "S-{n}/PB.{unit}/{year}", "Direktorat Sistem Perbendaharaan"),
    ("faq", 0.20, "", "KPPN"),
    ("government_regulation", 0.03, "PP {n} Tahun {year}", "Presiden Republik Indonesia"),
    ("law", 0.01, "UU {n} Tahun {year}", "Presiden Republik Indonesia dengan persetujuan DPR"),
]
STATUSES = [("in_force", 0.75), ("amended", 0.15), ("revoked", 0.10)]
INTERNAL_SHARE = 0.10

# Per service type code: (title subjects, tags, sentences of a summary or body).
TOPICS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "sp2d": (
        [
            "Tata Cara Pembayaran dalam Rangka Pelaksanaan APBN",
            "Penerbitan SP2D atas SPM Langsung",
            "Pengujian SPM dan Penerbitan SP2D oleh KPPN",
            "Batas Waktu Pengajuan SPM Akhir Tahun Anggaran",
            "Penyelesaian SPM yang Ditolak",
        ],
        ["sp2d", "spm", "pencairan dana", "pembayaran", "ls", "up"],
        [
            "SPM diajukan oleh PPSPM melalui aplikasi SAKTI dan diuji oleh KPPN.",
            "SP2D diterbitkan paling lambat satu jam setelah SPM diterima lengkap dan benar.",
            "SPM yang tidak memenuhi syarat dikembalikan dengan alasan penolakan.",
            "Pembayaran LS kontraktual memerlukan data kontrak yang telah didaftarkan.",
            "Uang persediaan diajukan dengan SPM UP dan dipertanggungjawabkan melalui GUP.",
            "Kesalahan kode akun pada SPM diperbaiki oleh satker sebelum diajukan ulang.",
            "Dana disalurkan ke rekening penerima melalui bank operasional KPPN.",
        ],
    ),
    "kontrak-supplier": (
        [
            "Pendaftaran Data Kontrak dan Supplier",
            "Perubahan Data Supplier pada Aplikasi SAKTI",
            "Pengelolaan Data Kontrak Tahun Jamak",
        ],
        ["kontrak", "supplier", "adendum", "penyedia", "data kontrak"],
        [
            "Kontrak didaftarkan ke KPPN paling lambat lima hari kerja setelah ditandatangani.",
            "Perubahan rekening supplier memerlukan surat pernyataan dan bukti rekening.",
            "Adendum kontrak yang mengubah nilai wajib didaftarkan ulang.",
            "Supplier baru divalidasi oleh KPPN sebelum dapat digunakan dalam SPM.",
        ],
    ),
    "gaji": (
        [
            "Pembayaran Gaji Induk dan Gaji Susulan",
            "Pembayaran Tunjangan Hari Raya dan Gaji Ketiga Belas",
            "Kekurangan Gaji Pegawai Pindahan",
        ],
        ["gaji", "tunjangan", "thr", "gaji ke-13", "pegawai"],
        [
            "Gaji induk dibayarkan pada hari kerja pertama setiap bulan.",
            "Kekurangan gaji diajukan dengan SPM gaji susulan beserta daftar pegawai.",
            "Data pegawai pindahan dimutakhirkan sebelum gaji dapat dibayarkan.",
            "Potongan gaji disetorkan ke kas negara dengan kode billing.",
        ],
    ),
    "retur": (
        [
            "Penyelesaian Retur SP2D",
            "Tata Cara Penerbitan SP2D Pengganti atas Retur",
            "Pengembalian Dana Retur ke Kas Negara",
        ],
        ["retur", "rekening tidak aktif", "sp2d pengganti", "perbaikan rekening"],
        [
            "Retur terjadi bila rekening penerima ditutup, tidak aktif atau namanya berbeda.",
            "Satker mengajukan surat perbaikan rekening untuk penerbitan SP2D pengganti.",
            "Dana retur ditampung pada rekening kas negara sampai perbaikan diterima.",
            "Retur yang tidak diselesaikan sampai akhir tahun dicatat sebagai penerimaan.",
        ],
    ),
    "penerimaan-negara": (
        [
            "Sistem Penerimaan Negara Secara Elektronik",
            "Kode Billing dan NTPN",
            "Pengembalian PNBP yang Telah Disetor",
        ],
        ["mpn", "billing", "ntpn", "pnbp", "setoran"],
        [
            "Setoran penerimaan negara menggunakan kode billing yang berlaku tujuh hari.",
            "Bukti penerimaan negara sah bila memuat NTPN.",
            "Setoran yang belum tampil di MPN dikonfirmasi dengan NTPN dan tanggal setor.",
            "Pengembalian PNBP diajukan dengan SPM pengembalian dan bukti setor.",
        ],
    ),
    "rekening-pemerintah": (
        [
            "Pengelolaan Rekening Milik Satuan Kerja",
            "Persetujuan Pembukaan Rekening Bendahara",
            "Penutupan Rekening Pemerintah Lainnya",
        ],
        ["rekening", "bendahara", "persetujuan rekening", "bank"],
        [
            "Pembukaan rekening satker memerlukan persetujuan Kuasa BUN.",
            "Rekening yang tidak digunakan lagi wajib ditutup dan saldonya disetor ke kas negara.",
            "Permohonan persetujuan rekening diajukan melalui aplikasi dengan dokumen pendukung.",
        ],
    ),
    "kkp": (
        [
            "Penggunaan Kartu Kredit Pemerintah",
            "Batas Belanja Kartu Kredit Pemerintah",
            "Pertanggungjawaban Transaksi KKP",
        ],
        ["kkp", "kartu kredit pemerintah", "uang persediaan", "perjalanan dinas"],
        [
            "Batas KKP ditetapkan paling tinggi dari porsi uang persediaan.",
            "Transaksi KKP dipertanggungjawabkan bersama GUP.",
            "KKP digunakan untuk belanja barang dan perjalanan dinas.",
            "Tagihan KKP dibayar paling lambat pada tanggal jatuh tempo.",
        ],
    ),
    "rekonsiliasi": (
        [
            "Rekonsiliasi Data Keuangan Satker dan KPPN",
            "Penyelesaian Selisih Hasil Rekonsiliasi",
        ],
        ["rekonsiliasi", "selisih", "saiba", "sakti", "bulanan"],
        [
            "Rekonsiliasi dilakukan setiap bulan antara data SAKTI dan data KPPN.",
            "Selisih rekonsiliasi ditelusuri melalui jurnal koreksi.",
            "Berita acara rekonsiliasi diterbitkan setelah data dinyatakan sesuai.",
        ],
    ),
    "lpj": (
        [
            "Laporan Pertanggungjawaban Bendahara",
            "Penyampaian LPJ Bendahara Pengeluaran",
            "Verifikasi LPJ Bendahara Penerimaan",
        ],
        ["lpj", "bendahara", "bku", "saldo kas"],
        [
            "LPJ bendahara disampaikan paling lambat tanggal sepuluh bulan berikutnya.",
            "Saldo kas tunai pada LPJ harus sama dengan saldo BKU.",
            "LPJ yang ditolak diperbaiki dan diunggah ulang melalui SAKTI.",
        ],
    ),
    "laporan-keuangan": (
        [
            "Penyusunan Laporan Keuangan Kementerian Negara/Lembaga",
            "Jurnal Penyesuaian Akhir Periode",
        ],
        ["laporan keuangan", "neraca", "jurnal", "aset tetap"],
        [
            "Laporan keuangan semesteran dan tahunan disusun dari data SAKTI.",
            "Jurnal penyesuaian aset tetap diposting sebelum neraca disusun.",
            "Catatan atas laporan keuangan menjelaskan selisih yang material.",
        ],
    ),
    "ikpa": (
        [
            "Indikator Kinerja Pelaksanaan Anggaran",
            "Perbaikan Nilai IKPA Satker",
        ],
        ["ikpa", "kinerja anggaran", "deviasi", "revisi dipa"],
        [
            "Nilai IKPA dihitung dari indikator revisi DIPA, deviasi halaman III DIPA dan lainnya.",
            "Deviasi RPD yang tinggi menurunkan nilai IKPA satker.",
            "Nilai IKPA dipantau setiap bulan melalui aplikasi OMSPAN.",
        ],
    ),
    "rpd": (
        [
            "Rencana Penarikan Dana Harian",
            "Pemutakhiran Halaman III DIPA",
        ],
        ["rpd", "rencana penarikan dana", "halaman iii dipa"],
        [
            "RPD harian disampaikan untuk penarikan dana di atas batas yang ditetapkan.",
            "Pemutakhiran halaman III DIPA dilakukan paling lambat akhir bulan.",
        ],
    ),
    "pengaduan-layanan": (
        ["Standar Pelayanan KPPN", "Pengelolaan Pengaduan Layanan"],
        ["pengaduan", "standar pelayanan", "keluhan"],
        [
            "Pengaduan layanan ditindaklanjuti paling lama tiga hari kerja.",
            "Standar pelayanan memuat waktu penyelesaian setiap jenis layanan.",
        ],
    ),
    "user-sakti-span": (
        [
            "Pengelolaan User Aplikasi SAKTI",
            "Reset Password dan Pembukaan User Terkunci",
        ],
        ["sakti", "span", "user", "password", "token"],
        [
            "Permintaan user SAKTI diajukan oleh KPA dengan surat permohonan.",
            "User yang terkunci dibuka kembali oleh admin KPPN setelah verifikasi.",
            "Password sementara dikirim ke alamat e-mail yang terdaftar.",
        ],
    ),
    "informasi-publik": (
        ["Layanan Informasi Publik", "Permohonan Data Realisasi Belanja"],
        ["informasi publik", "ppid", "data realisasi"],
        [
            "Permohonan informasi publik diteruskan ke PPID.",
            "Informasi diberikan paling lambat sepuluh hari kerja.",
        ],
    ),
}
GENERAL = [
    "Ketentuan ini berlaku bagi seluruh satuan kerja yang dananya bersumber dari APBN.",
    "KPPN memberikan layanan konsultasi atas pelaksanaan ketentuan ini.",
    "Dokumen pendukung disimpan oleh satker sebagai bahan pemeriksaan.",
    "Pelaksanaan ketentuan ini dievaluasi secara berkala oleh Direktorat Jenderal Perbendaharaan.",
    "Dalam hal terjadi kendala aplikasi, satker menghubungi HAI DJPb.",
]
QUALIFIERS = ["", "", " Tahun Anggaran {year}", " pada Satuan Kerja", " melalui Aplikasi SAKTI"]


def _pick(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _entry_texts(rng: random.Random, code: str, year: int) -> tuple[str, str, str, list[str]]:
    subjects, tags, sentences = TOPICS[code]
    title = rng.choice(subjects) + rng.choice(QUALIFIERS).format(year=year)
    summary = " ".join(rng.sample(sentences, min(len(sentences), rng.randint(2, 3))))
    sections = []
    for heading in ("Pokok pengaturan", "Persyaratan", "Ketentuan peralihan"):
        lines = rng.choices(sentences + GENERAL, k=rng.randint(3, 7))
        sections.append(f"## {heading}\n\n" + "\n".join(f"- {line}" for line in lines))
    return title, summary, "\n\n".join(sections), rng.sample(tags, min(len(tags), 3))


def apply(label: dict) -> dict:
    """Apply the stage to the data set Django is connected to, unless it holds this version;
    return the label to write."""
    done = label.get("library") or {}
    if done.get("version") == VERSION:
        return label
    began = time.perf_counter()
    from konsultasi.knowledge.reference_library import load_reference_library

    sqlite = connection.vendor == "sqlite"
    if sqlite:
        _drop_fts_triggers()
    phases: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        phases[name] = round(now - since, 1)
        return now

    try:
        mark = time.perf_counter()
        _clear()
        loaded = load_reference_library()
        mark = phase("starter", mark)
        writer = BulkWriter()
        entries = _entries(writer)
        mark = phase("entries", mark)
        indexed = _consultation_index(writer)
        writer.finish()
        mark = phase("index", mark)
        if sqlite:
            _rebuild_fts()
            phase("fts_rebuild", mark)
    finally:
        if sqlite:
            _create_fts_triggers()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE knowledge_entry")
            cursor.execute("VACUUM ANALYZE knowledge_consultationindex")
            cursor.execute("VACUUM ANALYZE knowledge_entry_service_types")
    seconds = time.perf_counter() - began
    rows = writer.written
    print(f"{connection.vendor}: library stage v{VERSION}: {loaded}")
    print(
        f"{connection.vendor}: library stage v{VERSION}: {entries:,} entries, {indexed:,} "
        f"consultations indexed, {rows:,} rows in {seconds:.1f} s: {rows / seconds:,.0f} rows/s "
        f"(seconds per phase: {phases})"
    )
    return {
        **label,
        "library": {
            "version": VERSION,
            "entries": entries,
            "indexed": indexed,
            "seconds": round(seconds, 1),
            "rows_per_s": round(rows / seconds),
            "phases_s": phases,
        },
    }


def _clear() -> None:
    """What an older version of the stage wrote (nothing on a data set without it)."""
    from konsultasi.knowledge.models import ConsultationIndex, Entry

    with transaction.atomic():
        generated = Entry.objects.filter(slug__startswith=SLUG_PREFIX)
        Entry.service_types.through.objects.filter(entry__in=generated).delete()
        Entry.objects.filter(changed_by__in=generated).update(changed_by=None)
        generated._raw_delete(generated.db)
        ConsultationIndex.objects.all()._raw_delete(connection.alias)


def _entries(writer: BulkWriter) -> int:
    from django.db.models import Max
    from django.utils import timezone

    from konsultasi.knowledge import indexing
    from konsultasi.knowledge.indexing import prepare_entry, vocabulary
    from konsultasi.knowledge.models import Entry
    from konsultasi.offices.models import ServiceType

    rng = random.Random(SEED)  # noqa: S311 - a reproducible data set, not a secret
    words = vocabulary()
    types_by_code: dict[str, list[int]] = {}
    for pk, code in ServiceType.objects.values_list("pk", "code"):
        types_by_code.setdefault(code, []).append(pk)
    codes = [code for code in TOPICS if code in types_by_code] or list(TOPICS)
    weights = [{"sp2d": 5, "gaji": 3, "lpj": 3, "rekonsiliasi": 3}.get(c, 2) for c in codes]
    first = (Entry.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    link_first = (Entry.service_types.through.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    entries = writer.table(Entry)
    links = writer.table(Entry.service_types.through, "id entry_id servicetype_id")
    now = timezone.now()
    # The bodies come from a pool (their sections are drawn from a few sentences per subject
    # anyway): each distinct body is rendered to HTML once, by the project's own function.
    pool = {code: [_entry_texts(rng, code, 2000)[2] for _ in range(BODIES)] for code in codes}
    render = lru_cache(maxsize=None)(indexing.render_markdown)
    in_force_by_code: dict[str, list[int]] = {}
    pending: list[tuple[Entry, str]] = []
    link_id = link_first
    numbers: set[str] = set()
    for i in range(ENTRIES):
        pk = first + i
        kind, _, pattern, issuer = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
        code = rng.choices(codes, weights=weights)[0]
        year = rng.randint(2004, 2026)
        number = ""
        while pattern and (not number or number in numbers):
            number = pattern.format(
                n=rng.randint(1, 999 if kind not in ("law", "government_regulation") else 99),
                unit=rng.choice(["05", "05", "02", "01", "06"]),
                year=year,
            )
        numbers.add(number)
        title, summary, _, tags = _entry_texts(rng, code, year)
        body = rng.choice(pool[code])
        if kind == "faq":
            title = f"Tanya jawab: {title.lower()}"
        issued = date(year, 1, 1) + timedelta(days=rng.randrange(360))
        entry = Entry(
            pk=pk,
            slug=f"{SLUG_PREFIX}{i:05d}",
            kind=kind,
            number=number,
            title=title,
            issuer=issuer,
            issued_on=None if kind == "faq" else issued,
            effective_on=None if kind == "faq" else issued + timedelta(days=rng.choice([0, 30])),
            status="in_force" if kind == "faq" else _pick(rng, STATUSES),
            summary=summary,
            body=body,
            tags=tags,
            is_public=rng.random() >= INTERNAL_SHARE,
            verified=rng.random() < 0.6,
            created_at=now,
            updated_at=now,
        )
        with patch.object(indexing, "render_markdown", render):
            prepare_entry(entry, words)
        if entry.status == "in_force":
            in_force_by_code.setdefault(code, []).append(pk)
        pending.append((entry, code))
        for type_pk in types_by_code.get(code, []):
            links.add((link_id, pk, type_pk))
            link_id += 1
    for entry, code in pending:
        # An amended or revoked entry points at an in-force one of its subject.
        if entry.status != "in_force" and in_force_by_code.get(code):
            entry.changed_by_id = rng.choice(in_force_by_code[code])
    # The entries that others point at are written first (a foreign key within the table).
    pending.sort(key=lambda pair: pair[0].status != "in_force")
    for entry, _code in pending:
        entries.add_instance(entry)
    writer.flush()
    return len(pending)


def _consultation_index(writer: BulkWriter) -> int:
    """One index row per resolved or closed consultation with an answer, with the terms
    `knowledge.indexing` computes, read and written in batches by primary key."""
    from konsultasi.consultations.models import Consultation
    from konsultasi.knowledge.indexing import INDEXED_STATUSES, consultation_terms, vocabulary
    from konsultasi.knowledge.models import ConsultationIndex

    words = vocabulary()
    rows = writer.table(ConsultationIndex, "consultation_id office_id terms")
    resolved = (
        Consultation.objects.filter(status__in=INDEXED_STATUSES)
        .exclude(resolution="")
        .order_by("pk")
        .values_list("pk", "office_id", "subject", "question", "resolution")
    )
    last, indexed = 0, 0
    while True:
        batch = list(resolved.filter(pk__gt=last)[:READ_BATCH])
        if not batch:
            return indexed
        for pk, office_id, subject, question, answer in batch:
            terms = consultation_terms(office_id, subject, question, answer, words)
            rows.add((pk, office_id, terms))
        indexed += len(batch)
        last = batch[-1][0]
        writer.maybe_flush()


# --- SQLite: the FTS5 tables filled in one pass ---------------------------------------------

TRIGGERS = (
    "knowledge_entry_fts_insert",
    "knowledge_entry_fts_delete",
    "knowledge_entry_fts_update",
    "knowledge_consultation_fts_insert",
    "knowledge_consultation_fts_delete",
    "knowledge_consultation_fts_update",
)


def _trigger_sql() -> list[str]:
    """The triggers as the migration creates them (read from it, not copied)."""
    migration = importlib.import_module(
        "konsultasi.knowledge.migrations.0002_full_text_index_per_database"
    )
    return [sql for sql in migration.SQLITE_UP if sql.lstrip().startswith("CREATE TRIGGER")]


def _drop_fts_triggers() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_fts_triggers() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql in _trigger_sql():
            cursor.execute(sql)


def _rebuild_fts() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("knowledge_entry_fts", "knowledge_consultation_fts"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
