"""Rebuilding the whole search index: after the synonym table changed (informal spellings are
replaced when a text is indexed), or after the index was damaged or restored from elsewhere."""

from django.db import connections, transaction

from konsultasi.consultations.models import Consultation
from konsultasi.knowledge.indexing import (
    INDEXED_STATUSES,
    consultation_terms,
    prepare_entry,
    vocabulary,
)
from konsultasi.knowledge.models import ConsultationIndex, Entry

BATCH = 2000
DERIVED = ["body_html", "search_heading", "search_summary", "search_body"]


def rebuild_search_index(*, alias: str = "default") -> tuple[int, int]:
    """Recompute every entry's terms and every resolved consultation's; return how many of
    each. Each batch is its own transaction, so the desk is never locked out for long."""
    words = vocabulary()
    entries = 0
    pks = list(Entry.objects.using(alias).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        with transaction.atomic(using=alias):
            batch = list(Entry.objects.using(alias).filter(pk__in=pks[start : start + BATCH]))
            for entry in batch:
                prepare_entry(entry, words)
            Entry.objects.using(alias).bulk_update(batch, DERIVED)
            entries += len(batch)
    consultations = 0
    with transaction.atomic(using=alias):
        ConsultationIndex.objects.using(alias).all().delete()
    resolved = (
        Consultation.objects.using(alias)
        .filter(status__in=INDEXED_STATUSES)
        .exclude(resolution="")
        .order_by("pk")
        .values_list("pk", "office_id", "subject", "question", "resolution")
    )
    last = 0
    while True:
        rows = list(resolved.filter(pk__gt=last)[:BATCH])
        if not rows:
            break
        with transaction.atomic(using=alias):
            ConsultationIndex.objects.using(alias).bulk_create(
                ConsultationIndex(
                    consultation_id=pk,
                    office_id=office_id,
                    terms=consultation_terms(office_id, subject, question, answer, words),
                )
                for pk, office_id, subject, question, answer in rows
            )
        consultations += len(rows)
        last = rows[-1][0]
    if connections[alias].vendor == "sqlite":
        # The triggers kept the FTS tables in step; 'optimize' merges their segments.
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "INSERT INTO knowledge_entry_fts(knowledge_entry_fts) VALUES ('optimize')"
            )
            cursor.execute(
                "INSERT INTO knowledge_consultation_fts(knowledge_consultation_fts) "
                "VALUES ('optimize')"
            )
    return entries, consultations
