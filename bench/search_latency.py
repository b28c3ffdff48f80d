"""Search and suggestion latency of the library (issue 9): p95 at 10,000 entries and many
resolved consultations, on the database given.

    .venv/bin/python bench/search_latency.py --database-url sqlite:///var/bench/search.sqlite3
    .venv/bin/python bench/search_latency.py --database-url postgres://postgres@127.0.0.1:5432/DB \
        --consultations 1000000

The first run migrates the database and fills it (entries through the model, so their terms
and index rows are the real ones; resolved consultations in bulk, indexed as
`rebuild_search_index` does); later runs reuse what is there. It then times, over --queries
questions written the way stakeholders write (informal words, acronyms):
- `search`: search_entries(question), the desk's search box, 20 results with snippets;
- `suggest`: suggest_answers(consultation), the workspace panel: 5 entries and the office's
  5 most similar resolved consultations.
It prints median and p95 in milliseconds and writes var/bench/search_latency.json. The
machine is shared: read the figures next to the load average printed with them.

On a data set of bench/generate.py (its library stage done: `--size quick|full|N` or its
`--database-url`), nothing is filled: the questions are those of search_eval.jsonl and the
suggestions are those of the busiest office's newest open consultations, as web.py measures
them over HTTP; `similar` (similar_consultations alone) is timed too."""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    default_sqlite_url,
    parse_size,
    read_label,
    setup_django,
)

WORDS = {
    "sp2d": "sp2d spm pencairan dana terbit tolak koreksi penerbitan satker kppn surat perintah",
    "kontrak": "kontrak supplier data pendaftaran perubahan adendum penyedia nomor rekening",
    "gaji": "gaji tunjangan pegawai potongan kekurangan induk susulan ke-13 thr",
    "retur": "retur rekening penerima tolak bank pengganti perbaikan dana kembali",
    "penerimaan": "billing mpn setoran penerimaan ntpn pajak pnbp kode bayar",
    "rekening": "rekening pemerintah buka tutup izin bendahara persetujuan bank lainnya",
    "kkp": "kkp kartu kredit pemerintah batas belanja perjalanan dinas uang persediaan",
    "rekonsiliasi": "rekonsiliasi laporan keuangan saiba sakti data selisih bulanan",
    "lpj": "lpj laporan pertanggungjawaban bendahara pengeluaran penerimaan bulan",
    "ikpa": "ikpa nilai indikator kinerja pelaksanaan anggaran revisi deviasi",
    "rpd": "rpd rencana penarikan dana halaman iii dipa deviasi",
    "sakti": "user sakti span password reset akun operator aplikasi token",
}
FILLERS = [
    "gmn",
    "yg",
    "blm",
    "udah",
    "mohon",
    "info",
    "pak",
    "bu",
    "tolong",
    "kenapa",
    "kok",
    "min",
    "ngajuin",
]
TOPICS = list(WORDS)


def sentence(rng: random.Random, topic: str, n: int) -> str:
    vocabulary = WORDS[topic].split()
    # Zipf-like: a few words of a topic come up far more often than the rest.
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    return " ".join(rng.choices(vocabulary, weights=weights, k=n))


def question(rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    words = sentence(rng, topic, rng.randint(4, 9)).split() + rng.sample(FILLERS, 3)
    rng.shuffle(words)
    return " ".join(words)


def fill(entries: int, consultations: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from konsultasi.accounts.models import StakeholderProfile
    from konsultasi.consultations.models import Consultation, Status
    from konsultasi.knowledge.indexing import consultation_terms, prepare_entry, vocabulary
    from konsultasi.knowledge.models import ConsultationIndex, Entry, Synonym
    from konsultasi.offices.models import Channel
    from konsultasi.offices.reference_data import load_pekanbaru

    office = load_pekanbaru()
    if not Synonym.objects.exists():
        Synonym.objects.bulk_create(
            [
                Synonym(kind="acronym", term="SP2D", meaning="surat perintah pencairan dana"),
                Synonym(kind="acronym", term="KKP", meaning="kartu kredit pemerintah"),
                Synonym(kind="informal", term="yg", meaning="yang"),
                Synonym(kind="informal", term="gmn", meaning="bagaimana"),
                Synonym(kind="informal", term="ngajuin", meaning="mengajukan"),
            ]
        )
    words = vocabulary()
    have = Entry.objects.count()
    kinds = ["pmk", "dg_regulation", "circular", "guideline", "faq"]
    statuses = ["in_force"] * 6 + ["amended", "revoked"]
    batch = []
    for n in range(have, entries):
        topic = rng.choice(TOPICS)
        entry = Entry(
            slug=f"bench-{n}",
            kind=rng.choice(kinds),
            number=f"{n}/PMK.05/{rng.randint(2005, 2025)}",
            title=sentence(rng, topic, 6).capitalize(),
            status=rng.choice(statuses),
            summary=sentence(rng, topic, 30),
            body=sentence(rng, topic, 250),
            tags=[topic],
            is_public=rng.random() > 0.1,
        )
        prepare_entry(entry, words)
        batch.append(entry)
        if len(batch) == 1000:
            Entry.objects.bulk_create(batch)
            batch = []
    Entry.objects.bulk_create(batch)

    have = ConsultationIndex.objects.count()
    if have >= consultations:
        return
    channel = Channel.objects.first()
    stakeholder, _ = StakeholderProfile.objects.get_or_create(
        office=office, full_name="Bench stakeholder"
    )
    now = timezone.now()
    for start in range(have, consultations, 5000):
        rows, index = [], []
        for n in range(start, min(start + 5000, consultations)):
            topic = rng.choice(TOPICS)
            rows.append(
                Consultation(
                    office=office,
                    number=f"BENCH-{n:08d}",
                    stakeholder=stakeholder,
                    channel=channel,
                    subject=sentence(rng, topic, 4),
                    question=question(rng),
                    resolution=sentence(rng, topic, 40),
                    status=Status.CLOSED,
                    received_at=now - timedelta(days=1),
                    service_started_at=now - timedelta(days=1),
                    resolved_at=now,
                    closed_at=now,
                )
            )
        with transaction.atomic():
            created = Consultation.objects.bulk_create(rows)
            if created[0].pk is None:  # older SQLite: read the keys back
                numbers = [c.number for c in created]
                pks = dict(
                    Consultation.objects.filter(number__in=numbers).values_list("number", "pk")
                )
                for c in created:
                    c.pk = pks[c.number]
            for c in created:
                terms = consultation_terms(office.pk, c.subject, c.question, c.resolution, words)
                index.append(ConsultationIndex(consultation_id=c.pk, office=office, terms=terms))
            ConsultationIndex.objects.bulk_create(index)
        print(f"  consultations: {start + len(rows):,}", flush=True)


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="sqlite:///var/bench/search_latency.sqlite3")
    parser.add_argument("--size", help="a generated data set (quick, full or N), SQLite")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    if args.size:
        args.database_url = default_sqlite_url(parse_size(args.size))
    setup_django(args.database_url)
    from django.db import connection

    label = read_label(connection)
    if label.get("library"):
        return measure_generated(label, args.queries)

    from django.core.management import call_command
    from django.db import connection

    from konsultasi.consultations.models import Consultation
    from konsultasi.knowledge.search import Audience, search_entries, suggest_answers

    call_command("migrate", verbosity=0)
    rng = random.Random(9)  # noqa: S311 (a repeatable data set, not a secret)
    fill(args.entries, args.consultations, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE knowledge_entry; ANALYZE knowledge_consultationindex")

    open_one = Consultation.objects.order_by("pk").first()
    questions = [question(rng) for _ in range(args.queries)]
    for q in questions[:10]:  # warm the caches
        search_entries(q, audience=Audience.STAFF)
    search_ms = [timed(lambda q=q: search_entries(q, audience=Audience.STAFF)) for q in questions]
    suggest_ms = []
    for q in questions:
        open_one.subject, open_one.question = q[:60], q
        suggest_ms.append(timed(lambda: suggest_answers(open_one)))

    result = {
        "database": connection.vendor,
        "entries": args.entries,
        "resolved_consultations": args.consultations,
        "queries": args.queries,
        "load_average": os.getloadavg(),
        "search": summary(search_ms),
        "suggest": summary(suggest_ms),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "var" / "bench" / f"search_latency_{connection.vendor}.json"
    out.write_text(json.dumps(result, indent=2))


def measure_generated(label: dict, queries: int) -> None:
    from django.db import connection
    from django.db.models import Count

    from konsultasi.consultations.models import OPEN_STATUSES, Consultation
    from konsultasi.knowledge.search import (
        Audience,
        search_entries,
        similar_consultations,
        suggest_answers,
    )

    lines = (ROOT / "bench" / "search_eval.jsonl").read_text().splitlines()
    questions = [json.loads(line)["question"] for line in lines][:queries]
    open_ones = Consultation.objects.filter(status__in=OPEN_STATUSES)
    busiest = open_ones.values("office").annotate(n=Count("pk")).order_by("-n", "office")[0]
    sample = list(
        open_ones.filter(office=busiest["office"]).select_related("office").order_by("-pk")[:60]
    )
    for q in questions[:10]:  # warm the caches
        search_entries(q, audience=Audience.STAFF)
    load = os.getloadavg()
    search_ms = [timed(lambda q=q: search_entries(q, audience=Audience.STAFF)) for q in questions]
    similar_ms = [
        timed(
            lambda c=c: similar_consultations(
                office=c.office, text=f"{c.subject}\n{c.question}", exclude=c
            )
        )
        for c in sample
    ]
    suggest_ms = [timed(lambda c=c: suggest_answers(c)) for c in sample]
    result = {
        "database": connection.vendor,
        "size": label["size"],
        "library": label["library"],
        "queries": len(questions),
        "suggested": len(sample),
        "load_average": load,
        "search": summary(search_ms),
        "similar": summary(similar_ms),
        "suggest": summary(suggest_ms),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "var" / "bench" / f"search_latency_{connection.vendor}_{label['size']}.json"
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
