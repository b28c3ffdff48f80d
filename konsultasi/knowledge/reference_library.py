"""The starter library, loaded by `load_reference_data` (and so by `make run`): safe to run
again. Reads `reference/library.json` and `reference/synonyms.json` (schema: the lead's
library-schema.md). Entries are matched by slug and updated to the file's content; the
links between them (`changed_by`) are made once all are in, since an entry may name one that
comes later in the file. Synonyms are added, never removed: the admin's own stay.

Missing files load nothing and say so."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from konsultasi.errors import DomainError
from konsultasi.knowledge.models import Entry, EntryStatus, Kind, Synonym
from konsultasi.knowledge.services import save_entry
from konsultasi.offices.models import ServiceType

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
FIELDS = ("kind", "number", "title", "issuer", "status", "summary", "body", "tags", "notes")


def load_reference_library(directory: Path | None = None) -> str:
    """Load both files; return one line saying what was loaded (or why nothing was)."""
    directory = directory or REFERENCE_DIR
    said = [load_synonyms(directory / "synonyms.json"), load_entries(directory / "library.json")]
    return " ".join(said)


@transaction.atomic
def load_synonyms(path: Path) -> str:
    if not path.exists():
        return f"Synonyms: {path.name} not found, none loaded."
    data = json.loads(path.read_text(encoding="utf-8"))
    wanted = [
        (Synonym.Kind.ACRONYM, acronym.strip().upper(), long.strip().lower())
        for acronym, longs in data.get("acronyms", {}).items()
        for long in longs
    ] + [
        (Synonym.Kind.INFORMAL, word.strip().lower(), standard.strip().lower())
        for word, standard in data.get("informal", {}).items()
    ]
    have = set(Synonym.objects.values_list("kind", "term", "meaning"))
    new = [
        Synonym(kind=k, term=t, meaning=m)
        for k, t, m in dict.fromkeys(wanted)
        if (k, t, m) not in have
    ]
    Synonym.objects.bulk_create(new)
    return f"Synonyms: {len(new)} added, {len(wanted) - len(new)} already there."


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@transaction.atomic
def load_entries(path: Path) -> str:
    if not path.exists():
        return f"Library: {path.name} not found, no entries loaded."
    items = json.loads(path.read_text(encoding="utf-8")).get("entries", [])
    existing = Entry.objects.in_bulk([i["slug"] for i in items], field_name="slug")
    types_by_code: dict[str, list[ServiceType]] = {}
    for service_type in ServiceType.objects.all():
        types_by_code.setdefault(service_type.code, []).append(service_type)
    created = updated = 0
    refused: list[str] = []
    for item in items:
        slug = item["slug"]
        if item.get("kind") not in Kind.values or item.get("status") not in EntryStatus.values:
            refused.append(slug)
            continue
        entry = existing.get(slug) or Entry(slug=slug)
        before = None
        if entry.pk:
            before = (_as_loaded(entry), sorted(entry.service_types.values_list("pk", flat=True)))
        for name in FIELDS:
            setattr(entry, name, item.get(name) or ([] if name == "tags" else ""))
        entry.issued_on = _date(item.get("issued_on"))
        entry.effective_on = _date(item.get("effective_on"))
        entry.is_public = bool(item.get("public", True))
        entry.verified = bool(item.get("verified", False))
        types = [t for code in item.get("service_types", []) for t in types_by_code.get(code, [])]
        type_ids = sorted(t.pk for t in types)
        if before is not None and before == (_as_loaded(entry), type_ids):
            continue
        try:
            save_entry(actor=None, entry=entry, service_types=types)
        except DomainError:  # refused before anything was written (say, no title)
            refused.append(slug)
            continue
        existing[slug] = entry
        created, updated = (created + 1, updated) if before is None else (created, updated + 1)
    linked = _link_changes(items, existing)
    line = (
        f"Library: {created} entries created, {updated} updated, "
        f"{len(items) - created - updated - len(refused)} unchanged, {linked} links set."
    )
    if refused:
        line += f" Refused (unknown kind or status, or no title): {', '.join(refused)}."
    return line


def _as_loaded(entry: Entry):
    values = tuple(getattr(entry, name) for name in FIELDS)
    return (*values, entry.issued_on, entry.effective_on, entry.is_public, entry.verified)


def _link_changes(items: list[dict], by_slug: dict[str, Entry]) -> int:
    """Point each entry at the one that amended or revoked it, now that all exist."""
    linked = 0
    for item in items:
        entry = by_slug.get(item["slug"])
        if entry is None:
            continue
        target = by_slug.get(item.get("changed_by") or "")
        target_id = target.pk if target is not None else None
        if entry.changed_by_id != target_id:
            Entry.objects.filter(pk=entry.pk).update(changed_by_id=target_id)
            entry.changed_by_id = target_id
            linked += 1
    return linked
