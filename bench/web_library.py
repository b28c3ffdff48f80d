"""The library over HTTP (web.py, issue 9): the desk's search as officers type and the
workspace's answer-suggestions panel, with the server's CPU per request."""

import json
import os
import sys
from pathlib import Path

from bench import load
from bench.web_server import Server, check_run, sign_in_officers

SEARCH_EVAL = Path(__file__).resolve().parent / "search_eval.jsonl"
LIBRARY_WARM = 10  # panels (and twice as many searches) to warm each run up
SEARCH_FIELDS = ("kind", "status", "service_type", "year")  # sent empty, as the form does


def library_sample(office_slug: str, count: int) -> list[str]:
    """Open consultations of the busiest office whose panel the officers open, newest first
    (the ones an officer is answering now)."""
    from konsultasi.consultations.models import OPEN_STATUSES, Consultation

    numbers = Consultation.objects.filter(office__slug=office_slug, status__in=OPEN_STATUSES)
    return list(numbers.order_by("-pk").values_list("number", flat=True)[:count])


def _typed(question: str) -> list[str]:
    """What the desk's search box sends as the question is typed: the form asks again 300 ms
    after the typing pauses, which is at a word or two; here the half-typed question and the
    whole one."""
    words = question.split()
    half = " ".join(words[: max(2, len(words) // 2)])
    return [half, question] if half != question else [question]


def _search_request(query: str) -> load.Request:
    from urllib.parse import urlencode

    params = urlencode({"q": query, **dict.fromkeys(SEARCH_FIELDS, "")})
    headers = {
        "HX-Request": "true",
        "HX-Target": "library-results",
        "HX-Current-URL": "/desk/pustaka/",
    }
    return load.Request("GET", f"/desk/pustaka/?{params}", headers=headers, label="search")


def _suggest_request(number: str) -> load.Request:
    """What the workspace's placeholder fetches once the page is there (hx-trigger=load)."""
    headers = {"HX-Request": "true", "HX-Current-URL": f"/desk/k/{number}/"}
    return load.Request("GET", f"/desk/k/{number}/pustaka/saran/", headers=headers, label="suggest")


def measure_library(server: Server, people: dict, args) -> dict:
    """(a) the desk's library search as officers type stakeholders' questions (the lines of
    search_eval.jsonl: informal words, typos, acronyms), and (b) the answer-suggestions panel
    of open consultations of the busiest office; the same two officers at once."""
    questions = [json.loads(line)["question"] for line in SEARCH_EVAL.read_text().splitlines()]
    typed = [query for question in questions for query in _typed(question)]
    searches = [_search_request(typed[i % len(typed)]) for i in range(args.searches)]
    numbers = people["suggest_numbers"]
    panels = [_suggest_request(numbers[i % len(numbers)]) for i in range(args.suggestions)]
    clients = sign_in_officers(server, people["usernames"])
    # Warm up, as for the pages, with other questions and consultations than those measured:
    # a worker's first searches count the documents of the common words (kept 15 minutes).
    warm = [_search_request(q) for q in typed[-2 * LIBRARY_WARM :]]
    load.run(clients, warm + [_suggest_request(n) for n in people["suggest_warm"]])
    load_began, cpu_began = os.getloadavg()[0], server.cpu_snapshot()
    search_run = load.run(clients, searches)
    search_cpu = server.cpu_since(cpu_began) / max(1, len(searches))
    cpu_began = server.cpu_snapshot()
    suggest_run = load.run(clients, panels) if panels else None
    suggest_cpu = server.cpu_since(cpu_began) / max(1, len(panels))
    check_run(search_run, "search")
    search = load.summary_ms(search_run.latencies())
    suggest = {}
    if suggest_run:
        check_run(suggest_run, "suggest")
        suggest = load.summary_ms(suggest_run.latencies())
    print(
        f"  library search: p50 {search['p50']} ms, p95 {search['p95']} ms over {search['n']}; "
        f"suggestions: p50 {suggest.get('p50')} ms, p95 {suggest.get('p95')} ms over "
        f"{suggest.get('n')}; server CPU per search {search_cpu * 1000:.1f} ms, per panel "
        f"{suggest_cpu * 1000:.1f} ms; load average {load_began:.1f}",
        file=sys.stderr,
    )
    return {
        "search_p50_ms": search["p50"],
        "search_p95_ms": search["p95"],
        "search_cpu_ms": round(search_cpu * 1000, 1),
        "suggest_p50_ms": suggest.get("p50"),
        "suggest_p95_ms": suggest.get("p95"),
        "suggest_cpu_ms": round(suggest_cpu * 1000, 1),
        "library_load_average": round(load_began, 1),
    }
