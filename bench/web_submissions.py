"""Submissions over HTTP (web.py, issue 7): the API's `POST /api/v1/consultations` and the
portal's ask form, 20 concurrent clients, with the server's and the load generator's CPU."""

import json
import os
import re
import subprocess
import sys

from bench import common, load
from bench.web_server import PASSWORD, Server, server_environment

SUBMISSION_CLIENTS = 20
ASK_PATH = "/tanya/"
API_PATH = "/api/v1/consultations"
API_KEY_OPTIONS = ["--name", "benchmark", "--scopes", "all"]


def api_keys(work_url: str, offices: list[str]) -> tuple[list[str], str | None]:
    """One API key per office, by the project's own command (its last line is the key)."""
    keys = []
    for slug in offices:
        made = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "create_api_key", slug, *API_KEY_OPTIONS],
            capture_output=True,
            text=True,
            cwd=common.ROOT,
            env=server_environment(work_url),
        )
        lines = made.stdout.strip().splitlines()
        if made.returncode != 0 or not lines:
            problem = (made.stderr.strip().splitlines() or ["no output"])[0]
            return [], f"create_api_key failed: {problem}"
        keys.append(lines[-1].strip())
    return keys, None


def measure_submissions(server: Server, keys: list[str], why_not: str | None, count: int) -> dict:
    """`count` submissions from 20 concurrent API clients, spread over the offices' keys,
    each with its own Idempotency-Key (so each creates a consultation: every answer a 201)."""
    if why_not is None:
        probe = load.Client("127.0.0.1", server.port).send(_submission(keys[0], 0))
        if probe.status == 404:
            why_not = f"POST {API_PATH} answered 404 (no such endpoint yet)"
        elif probe.status != 201:
            why_not = f"POST {API_PATH} answered {probe.status}: {probe.body[:200]!r}"
        elif "number" not in _json_or_empty(probe.body):
            why_not = f"POST {API_PATH} answered 201 without a number: {probe.body[:200]!r}"
    if why_not is not None:
        print(f"  submissions not measured: {why_not}", file=sys.stderr)
        return {"submissions_per_s": None, "submissions_p95_ms": None, "submissions_why": why_not}
    warm = [_submission(keys[i % len(keys)], i) for i in range(1, 41)]
    load.run_fast("127.0.0.1", server.port, warm, clients=SUBMISSION_CLIENTS)
    requests = [_submission(keys[i % len(keys)], i) for i in range(100, 100 + count)]
    figures = _closed_loop(server, requests, "submissions", expected=201)
    return figures | {"submissions_count": count, "submissions_clients": SUBMISSION_CLIENTS}


def _closed_loop(server: Server, requests, name: str, *, expected: int) -> dict:
    """One measured run of the fast client: created per second, latencies, the server's CPU
    per request (workers, and PostgreSQL's backends), the client's own CPU per request."""
    load_began, cpu_began = os.getloadavg()[0], server.cpu_snapshot()
    if isinstance(requests[0], list):
        done = load.run_fast("127.0.0.1", server.port, requests)
    else:
        done = load.run_fast("127.0.0.1", server.port, requests, clients=SUBMISSION_CLIENTS)
    server_cpu = server.cpu_since(cpu_began)
    created = done.statuses().get(expected, 0)
    n = max(1, len(done.outcomes))
    summary = load.summary_ms(done.latencies())
    per_s = round(created / done.seconds, 1)
    print(
        f"  {name}: {created} of {n} answered {expected} in {done.seconds:.1f} s = {per_s}/s, "
        f"p50 {summary['p50']} ms, p95 {summary['p95']} ms; CPU per request: server "
        f"{server_cpu / n * 1000:.1f} ms, load generator {done.client_cpu_seconds / n * 1000:.2f}"
        f" ms; answers {done.statuses()}, errors {len(done.errors)}; load average "
        f"{load_began:.1f}",
        file=sys.stderr,
    )
    return {
        f"{name}_per_s": per_s,
        f"{name}_p50_ms": summary["p50"],
        f"{name}_p95_ms": summary["p95"],
        f"{name}_cpu_ms": round(server_cpu / n * 1000, 1),
        f"{name}_client_cpu_ms": round(done.client_cpu_seconds / n * 1000, 2),
        f"{name}_load_average": round(load_began, 1),
        f"{name}_statuses": done.statuses(),
        f"{name}_errors": len(done.errors),
    }


def _json_or_empty(body: bytes) -> dict:
    try:
        found = json.loads(body)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _submission(key: str, i: int) -> load.Request:
    payload = {
        "subject": f"Pertanyaan uji beban {i}",
        "question": "Bagaimana cara memperbaiki data supplier di SAKTI sebelum SPM diajukan?",
        "stakeholder": {"name": f"Bendahara Uji {i % 200}", "email": f"uji{i % 200}@satker.test"},
    }
    return load.json_request(API_PATH, payload, token=key, label="submission")


# --- portal submissions ---------------------------------------------------------------------


def portal_askers(offices: list[str], count: int) -> list[dict]:
    """`count` stakeholders of those offices with a portal account (a third of them have one,
    bench/dataset/people.py), given a password on the working copy; with how each wants to
    be told of news, which the ask form sends back unchanged."""
    from django.contrib.auth.hashers import make_password

    from konsultasi.accounts.models import StakeholderProfile, User

    profiles = list(
        StakeholderProfile.objects.filter(
            office__slug__in=offices, user__isnull=False, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")[:count]
    )
    # One hash for all: hashing is the sign-in's cost, not the submission's.
    User.objects.filter(pk__in=[p.user_id for p in profiles]).update(
        password=make_password(PASSWORD)
    )
    return [
        {"username": p.user.username, "preferred_channel": p.preferred_channel} for p in profiles
    ]


def measure_portal_submissions(server: Server, askers: list[dict], count: int) -> dict:
    """`count` questions through the portal's ask form from 20 signed-in stakeholders at once
    (each its own session, CSRF token and keep-alive connection): every answer must be the
    redirect to the receipt. The receipt page itself is not fetched."""
    if len(askers) < SUBMISSION_CLIENTS:
        why = f"only {len(askers)} stakeholders with a portal account in the offices"
        print(f"  portal submissions not measured: {why}", file=sys.stderr)
        return {"portal_submissions_per_s": None, "portal_submissions_why": why}
    sessions = []
    for asker in askers:
        client = load.Client("127.0.0.1", server.port)
        load.sign_in(client, asker["username"], PASSWORD)
        form = client.get(ASK_PATH)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or token is None:
            raise RuntimeError(f"the ask form answered {form.status} to {asker['username']}")
        client.close()
        sessions.append((client.cookies, token[1].decode(), asker["preferred_channel"]))
    origin = f"http://127.0.0.1:{server.port}"

    def queues(first: int, total: int) -> list[list[load.Request]]:
        per = [[] for _ in sessions]
        for i in range(first, first + total):
            cookies, token, channel = sessions[i % len(sessions)]
            per[i % len(sessions)].append(_ask(i, cookies, token, channel, origin))
        return per

    load.run_fast("127.0.0.1", server.port, queues(0, 40))  # warm
    figures = _closed_loop(server, queues(100, count), "portal_submissions", expected=302)
    return figures | {"portal_submissions_count": count}


BOUNDARY = "----benchFormBoundary7MA4YWxkTrZu0gW"


def _ask(i: int, cookies: dict, token: str, channel: str, origin: str) -> load.Request:
    """The ask form as a browser posts it: multipart (the form takes files), no file chosen."""
    fields = {
        "csrfmiddlewaretoken": token,
        "subject": f"Pertanyaan dari portal {i}",
        "question": "Bagaimana cara memperbaiki data supplier di SAKTI sebelum SPM diajukan?",
        "service_type": "",
        "preferred_channel": channel,
        "client_token": f"bench-portal-{i}",
    }
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="documents"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
    )
    body = ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()
    return load.Request(
        "POST",
        ASK_PATH,
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": origin,
            "Referer": origin + ASK_PATH,
        },
        label="portal",
    )
