"""One inbox row, written in Python: the workspace link, the clock, the status tag and the
cells of the table, the markup the inbox template used to write with three inclusion tags and
some forty variable lookups per row (fifty rows of that were most of the page's rendering
time, bench/RESULTS.md). The clock and the status tag are the markup of the shared tags
(desk/includes/clock.html, status_tag.html); desk/includes/inbox_rows.html has the table
around the rows."""

import html
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import NoReverseMatch, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.consultations.models import STATUS_LABELS
from konsultasi.consultations.selectors import InboxEntry
from konsultasi.desk.clocks import ClockView, current_clock
from konsultasi.desk.templatetags.desk import channel_glyph


def e(value: object) -> str:
    """django.utils.html.conditional_escape, without its lazy-text wrapper (called some twenty
    times a row): the same characters escaped the same way."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# What `reverse` leaves unquoted in a path (django.urls.resolvers).
_SAFE = RFC3986_SUBDELIMS + "/~:@"
_PLACEHOLDER = "0"


SUBJECT_SHOWN = 90


@dataclass(frozen=True)
class Words:
    """The row's fixed words, translated once per page."""

    channel: str
    not_classified: str
    nobody_yet: str

    @classmethod
    def now(cls) -> "Words":
        return cls(
            channel=_("Channel"), not_classified=_("not classified"), nobody_yet=_("nobody yet")
        )


@dataclass(frozen=True)
class InboxRow:
    c: InboxEntry
    url: str
    clock: ClockView
    status_label: str
    html: SafeString


def workspace_links() -> Callable[[str], str]:
    """A function from a consultation number to its workspace address, as
    `reverse("desk:consultation", kwargs={"number": number})` gives it ("" when the route does
    not exist or the number cannot be in a path), reversing the route once instead of once
    per row."""
    try:
        sample = reverse("desk:consultation", kwargs={"number": _PLACEHOLDER})
    except NoReverseMatch:
        return lambda number: ""
    head, _sep, tail = sample.rpartition(f"/{_PLACEHOLDER}/")

    def link(number: str) -> str:
        if not number or "/" in number:
            return ""
        return f"{head}/{quote(number, safe=_SAFE)}/{tail}"

    return link


def inbox_rows(
    consultations: Iterable[InboxEntry], *, cal: sla.OfficeCalendar, now
) -> list[InboxRow]:
    link, words = workspace_links(), Words.now()
    labels: dict[str, str] = {}  # translated once per page
    rows = []
    for c in consultations:
        url = link(c.number)
        clock = current_clock(c, cal, now)
        label = labels.get(c.status)
        if label is None:
            label = labels[c.status] = str(STATUS_LABELS.get(c.status, c.status))
        rows.append(
            InboxRow(
                c=c,
                url=url,
                clock=clock,
                status_label=label,
                html=row_html(c, url=url, clock=clock, status_label=label, words=words),
            )
        )
    return rows


def clock_html(clock: ClockView, *, with_label: bool = True) -> str:
    """desk/includes/clock.html."""
    label = e(capfirst(clock.label))
    title = f' title="{label}: {e(clock.full)}"' if clock.full else ""
    icon = f'<i class="clock__icon" aria-hidden="true">{e(clock.icon)}</i>' if clock.icon else ""
    text = e(clock.text)
    if clock.due_at:
        when = e(template_localtime(clock.due_at).isoformat())  # the date filter's "c"
        text = f'<time datetime="{when}">{text}</time>'
    what = f'<span class="clock__what">{label}</span>' if with_label and clock.label else ""
    return f'<span class="clock clock--{e(clock.state)}"{title}>{icon}{text}</span>{what}\n'


def shortened(text: str) -> str:
    """`Truncator(text).chars(SUBJECT_SHOWN)`, without building a Truncator for the many
    subjects that are short enough: those it returns as they are, in Unicode's composed form
    (counting combining marks as nothing, it never cuts a text of that many code points)."""
    composed = unicodedata.normalize("NFC", text)
    if len(composed) <= SUBJECT_SHOWN:
        return composed
    return Truncator(composed).chars(SUBJECT_SHOWN)


def row_html(
    c: InboxEntry, *, url: str, clock: ClockView, status_label: str, words: Words
) -> SafeString:
    number = e(c.number)
    if url:
        number_cell = f'<a class="table__number" href="{e(url)}" data-open>{number}</a>'
    else:
        number_cell = f'<span class="table__number">{number}</span>'
    channel = (
        f'<span class="table__sub" title="{e(words.channel)}"><span aria-hidden="true">'
        f"{e(channel_glyph(c.channel))}</span> {e(c.channel.name)}</span>"
    )
    who = c.stakeholder
    unit = who.work_unit
    where = f"{e(unit.code)} {e(unit.name)}" if unit else e(who.organisation)
    who_cell = f'{e(who.full_name)}<span class="table__sub">{where}</span>'
    service = (
        e(c.service_type.name)
        if c.service_type
        else f'<span class="muted">{e(words.not_classified)}</span>'
    )
    if c.section:
        service += f'<span class="table__sub">{e(c.section.name)}</span>'
    officer = e(c.assignee) if c.assignee else f'<span class="muted">{e(words.nobody_yet)}</span>'
    subject = e(shortened(c.subject))
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<tr data-row="{number}">\n'
        f"          <td>{number_cell}{channel}</td>\n"
        f"          <td>{clock_html(clock)}</td>\n"
        f'          <td><span class="tag tag--{e(c.status)}">{e(status_label)}</span>\n</td>\n'
        f'          <td class="col-who">{who_cell}</td>\n'
        f'          <td class="col-subject">{subject}</td>\n'
        f'          <td class="col-optional">{service}</td>\n'
        f'          <td class="col-optional">{officer}</td>\n'
        "        </tr>"
    )
