"""Bringing an office's history in: past consultations from a CSV or Excel file (an office's
own log, an exported HAI CSO list), each with its final status, answer and officer.

The file's columns are named by a mapping {our field: the file's column}. Every row is
checked on its own and reported by its row number; a good row is imported in its own
savepoint, so one bad row never stops the others and nothing of a bad row is left half
written. Importing is idempotent by external reference (or the source's number): a row
already imported is skipped. A dry run does everything, reports, and rolls it all back.

History is recorded, not replayed: no notification is queued, no webhook announced and no
clock started (no deadline is set, so the sweep never looks at it). Each consultation gets
one event, `import`, that says who imported it, when, and from which file and row."""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi.accounts.models import (
    OfficeRole,
    Role,
    StakeholderProfile,
    User,
    WorkUnit,
    work_unit_code_validator,
)
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.intake import QUESTION_MAX, SUBJECT_MAX, _number_and_key
from konsultasi.consultations.models import Consultation, Event, Message, Status
from konsultasi.offices import text
from konsultasi.offices.models import Channel, Office, ServiceType

IMPORT_ACTION = "import"
MAX_ROWS = 20_000
MAX_FILE_BYTES = 10 * 1024 * 1024

FIELDS = [
    "external_reference",
    "number",
    "date",
    "stakeholder",
    "satker_code",
    "email",
    "phone",
    "subject",
    "question",
    "status",
    "officer",
    "answer",
    "service_type",
    "channel",
]
REQUIRED = ["date", "stakeholder", "subject", "question", "status"]

# Final statuses only, by our value or by the words an office's log or HAI CSO uses.
FINAL_STATUSES = {
    "resolved": Status.RESOLVED,
    "selesai": Status.RESOLVED,
    "terjawab": Status.RESOLVED,
    "closed": Status.CLOSED,
    "ditutup": Status.CLOSED,
    "cancelled": Status.CANCELLED,
    "canceled": Status.CANCELLED,
    "dibatalkan": Status.CANCELLED,
    "batal": Status.CANCELLED,
}

DATE_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
]


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    field: str
    message: str


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    imported: list[str] = field(default_factory=list)  # numbers given (or that would be)
    skipped: list[str] = field(default_factory=list)  # external references already imported
    errors: list[RowError] = field(default_factory=list)


class RowRefused(Exception):
    def __init__(self, field_name: str, message: str):
        self.field = field_name
        self.message = str(message)


# --- reading the file ---------------------------------------------------------------------


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a .csv (UTF-8, comma or semicolon) or .xlsx file as {column: text}."""
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput(_("The file is too large (at most 10 MB)."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise InvalidInput(_("Upload a .csv or .xlsx file."))
    if len(rows) > MAX_ROWS:
        raise InvalidInput(_("The file has too many rows (at most 20,000)."))
    return rows


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(_("The CSV file must be saved as UTF-8.")) from None
    sample = decoded[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(decoded, newline=""), delimiter=delimiter)
    return [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]


def _xlsx_rows(content: bytes) -> list[dict[str, str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput(_("This is not a readable Excel (.xlsx) file.")) from None
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(lines, ())]
        rows: list[dict] = []
        for line in lines:
            if len(rows) > MAX_ROWS:
                break
            if all(cell is None for cell in line):
                continue
            rows.append({header[i]: cell for i, cell in enumerate(line) if i < len(header)})
        return rows
    finally:
        book.close()


def parse_mapping(value: str | dict | None) -> dict[str, str]:
    """{our field: the file's column}; fields not named are looked for under their own name."""
    mapping: object
    if value is None or value == "":
        mapping = {}
    elif isinstance(value, dict):
        mapping = value
    else:
        try:
            mapping = json.loads(value)
        except ValueError:
            raise InvalidInput(_("The column mapping is not valid JSON.")) from None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise InvalidInput(_('The column mapping maps field names to column names: {"f": "c"}.'))
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise InvalidInput(
            _("Unknown fields in the mapping: %(fields)s. Known: %(known)s.")
            % {"fields": ", ".join(unknown), "known": ", ".join(FIELDS)}
        )
    return {f: mapping.get(f, f) for f in FIELDS}


# --- importing ----------------------------------------------------------------------------


def import_consultations(
    *,
    office: Office,
    rows: list[dict],
    mapping: dict[str, str],
    actor: User | None,
    source: str,
    dry_run: bool = False,
) -> ImportReport:
    """Import the rows (see the module's docstring); with `dry_run` nothing is kept."""
    report = ImportReport(dry_run=dry_run, rows=len(rows))
    context = _Context(office)
    with transaction.atomic():
        for index, raw in enumerate(rows, start=2):
            values = {f: _cell(raw.get(column)) for f, column in mapping.items()}
            try:
                with transaction.atomic():
                    outcome = _import_row(context, values, actor, source, index)
            except RowRefused as refused:
                report.errors.append(RowError(index, refused.field, refused.message))
                continue
            except InvalidInput as refused:
                report.errors.append(RowError(index, "", refused.message))
                continue
            if outcome.startswith("skip:"):
                report.skipped.append(outcome[5:])
            else:
                report.imported.append(outcome)
        if dry_run:
            transaction.set_rollback(True)
    return report


class _Context:
    """What every row looks up, read once per import."""

    def __init__(self, office: Office):
        self.office = office
        self.zone = office.zone
        self.now = timezone.now()
        self.channels = list(Channel.objects.filter(is_active=True))
        self.default_channel = next(
            (c for c in self.channels if c.kind == Channel.Kind.ONLINE), None
        )
        self.service_types = list(ServiceType.objects.filter(office=office))
        staff = OfficeRole.objects.filter(
            office=office, role__in=(Role.OFFICER, Role.SECTION_HEAD, Role.OFFICE_HEAD)
        ).select_related("user")
        self.officers: dict[str, User] = {}
        for role in staff:
            for key in (role.user.username, role.user.get_full_name(), str(role.user)):
                if key:
                    self.officers.setdefault(key.casefold(), role.user)


def _cell(value) -> str | datetime | date:
    if isinstance(value, (datetime, date)):
        return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _text(values: dict, name: str, label: str, *, long: bool = False) -> str:
    value = values.get(name, "")
    if isinstance(value, (datetime, date)):
        value = value.isoformat()
    try:
        return text.long_text(value, field=label) if long else text.one_line(value, field=label)
    except InvalidInput as refused:
        raise RowRefused(name, refused.message) from None


def _import_row(ctx: _Context, values: dict, actor: User | None, source: str, row: int) -> str:
    reference = _text(values, "external_reference", _("The external reference")) or _text(
        values, "number", _("The number")
    )
    if not reference:
        raise RowRefused("external_reference", _("Give the number or the external reference."))
    if len(reference) > 100:
        raise RowRefused("external_reference", _("The reference is too long (at most 100)."))
    if Consultation.objects.filter(office=ctx.office, external_reference=reference).exists():
        return f"skip:{reference}"

    for name in REQUIRED:
        if values.get(name) in ("", None):
            raise RowRefused(name, _("This column is empty."))
    received_at = _when(ctx, values["date"])
    status = FINAL_STATUSES.get(_text(values, "status", _("The status")).casefold())
    if status is None:
        raise RowRefused(
            "status",
            _("Only finished consultations can be imported: resolved, closed or cancelled."),
        )
    subject = _text(values, "subject", _("The subject"))[:SUBJECT_MAX]
    question = _text(values, "question", _("The question"), long=True)
    if len(question) > QUESTION_MAX:
        raise RowRefused("question", _("The question is too long (at most 20,000 characters)."))
    answer = _text(values, "answer", _("The answer"), long=True)
    if status != Status.CANCELLED and not answer:
        raise RowRefused("answer", _("A resolved or closed consultation needs its answer."))
    officer = _officer(ctx, _text(values, "officer", _("The officer")))
    service_type = _service_type(ctx, _text(values, "service_type", _("The service type")))
    channel = _channel(ctx, _text(values, "channel", _("The channel")))
    stakeholder = _stakeholder(ctx, values)

    number, key = _number_and_key(ctx.office, received_at)
    consultation = Consultation.objects.create(
        pk=key,  # taken with the number where the database gives it along
        office=ctx.office,
        number=number,
        external_reference=reference,
        stakeholder=stakeholder,
        channel=channel,
        service_type=service_type,
        section=service_type.default_section if service_type else None,
        assignee=officer,
        subject=subject,
        question=question,
        status=status,
        received_at=received_at,
        service_started_at=received_at,
        service_ended_at=received_at,
        resolution=answer if status != Status.CANCELLED else "",
        resolved_at=received_at if status != Status.CANCELLED else None,
        closed_at=received_at if status == Status.CLOSED else None,
        cancelled_at=received_at if status == Status.CANCELLED else None,
        cancel_reason=(answer or _("Imported as cancelled.")) if status == Status.CANCELLED else "",
    )
    Message.objects.create(
        consultation=consultation, kind=Message.Kind.QUESTION, body=question, author=None
    )
    if answer and status != Status.CANCELLED:
        Message.objects.create(
            consultation=consultation, kind=Message.Kind.ANSWER, body=answer, author=officer
        )
    # Straight into the log, not through `record_event`: history announces nothing.
    Event.objects.create(
        consultation=consultation,
        actor=actor,
        action=IMPORT_ACTION,
        from_status="",
        to_status=status,
        reason=_("Imported from %(source)s, row %(row)d.") % {"source": source, "row": row},
        data={
            "imported": True,
            "source": source[:200],
            "row": row,
            "external_reference": reference,
            "officer": officer.username if officer else None,
            "received_at": received_at.isoformat(),
        },
        created_at=ctx.now,
    )
    return consultation.number


def _parsed(value: str) -> datetime:
    cleaned = value.strip().replace("T", " ")
    for pattern in DATE_FORMATS:
        try:
            moment = datetime.strptime(cleaned, pattern)  # noqa: DTZ007 - zone set by caller
        except ValueError:
            continue
        # A date alone: the morning's opening, not midnight.
        return moment.replace(hour=8) if len(cleaned) <= 10 else moment
    raise RowRefused("date", _("Write the date as YYYY-MM-DD or DD/MM/YYYY."))


def _when(ctx: _Context, value) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(8, 0))
    else:
        moment = _parsed(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ctx.zone)
    if moment > ctx.now:
        raise RowRefused("date", _("The date is in the future."))
    if moment < ctx.now - timedelta(days=366 * 20):
        raise RowRefused("date", _("The date is too far in the past."))
    return moment


def _officer(ctx: _Context, name: str) -> User | None:
    if not name:
        return None
    found = ctx.officers.get(name.casefold())
    if found is None:
        raise RowRefused(
            "officer", _("No officer of this office is called %(name)s.") % {"name": name}
        )
    return found


def _service_type(ctx: _Context, value: str) -> ServiceType | None:
    if not value:
        return None
    for t in ctx.service_types:
        if value.casefold() in (t.code.casefold(), t.name.casefold()):
            return t
    raise RowRefused("service_type", _("Unknown service type: %(value)s.") % {"value": value})


def _channel(ctx: _Context, value: str) -> Channel:
    if not value:
        if ctx.default_channel is None:
            raise RowRefused("channel", _("No active online channel is configured."))
        return ctx.default_channel
    for c in ctx.channels:
        if value.casefold() in (c.code.casefold(), c.name.casefold()):
            return c
    raise RowRefused("channel", _("Unknown channel: %(value)s.") % {"value": value})


def _stakeholder(ctx: _Context, values: dict) -> StakeholderProfile:
    """Found again in the office by e-mail, or by name within the work unit; else recorded
    (a profile without an account, as for a walk-in visitor)."""
    name = _text(values, "stakeholder", _("The stakeholder"))[:200]
    email = _text(values, "email", _("The e-mail"))
    phone = _text(values, "phone", _("The phone number"))[:30]
    code = _text(values, "satker_code", _("The satker code"))
    if code.isdigit() and len(code) < 6:
        code = code.zfill(6)  # a spreadsheet drops the leading zeros of a number
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RowRefused("email", _("Enter a valid e-mail address.")) from None
    work_unit = None
    if code:
        try:
            work_unit_code_validator(code)
        except ValidationError as error:
            raise RowRefused("satker_code", error.messages[0]) from None
        work_unit, _created = WorkUnit.objects.get_or_create(
            code=code, defaults={"name": f"Satker {code}", "office": ctx.office}
        )
    profiles = StakeholderProfile.objects.filter(office=ctx.office)
    match = Q(email__iexact=email) if email else Q(full_name__iexact=name, work_unit=work_unit)
    found = profiles.filter(match).order_by("pk").first()
    if found is not None:
        return found
    return StakeholderProfile.objects.create(
        office=ctx.office, full_name=name, email=email, phone=phone, work_unit=work_unit
    )
