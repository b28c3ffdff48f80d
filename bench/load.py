"""A small load generator for the benchmark's web server: keep-alive HTTP/1.1 clients in
threads, each with its own connection and cookies, sending a fixed list of requests (a bounded
run that stops by itself). Standard library only; it runs on the same machine as the server
(issue 7), so it is kept light: no parsing beyond status, headers and body.

`run_fast` is the same closed loop for the submissions, where the client's own CPU matters
(on two shared cores every millisecond the client spends is taken from the server): one
thread, asyncio, one keep-alive connection per client, the request bytes built beforehand.

Only for addresses on this machine (127.0.0.1)."""

import asyncio
import http.client
import json
import math
import re
import statistics
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    label: str = ""  # what it measures (a saved view, "workspace"…), for per-label figures


class Client:
    """One keep-alive connection with its own cookie jar: one officer's browser, or one API
    client."""

    def __init__(self, host: str, port: int, timeout: float = 60.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", **request.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        began = time.perf_counter()
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(request.method, request.path, body=request.body, headers=headers)
                answer = conn.getresponse()
                body = answer.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: open another, once.
                self.close()
                if attempt == 2:
                    raise
        seconds = time.perf_counter() - began
        for value in answer.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        if answer.getheader("Connection", "").lower() == "close":
            self.close()
        return Response(answer.status, dict(answer.headers.items()), body, seconds)

    def get(self, path: str, **headers: str) -> Response:
        return self.send(Request("GET", path, headers=headers))

    def post_form(self, path: str, fields: dict, **headers: str) -> Response:
        body = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
        return self.send(Request("POST", path, body=body, headers=headers))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn


def sign_in(client: Client, username: str, password: str) -> None:
    """Through the real sign-in page: its CSRF cookie and token, then the session cookie."""
    page = client.get("/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or token is None:
        raise RuntimeError(f"the sign-in page answered {page.status}")
    answer = client.post_form(
        "/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token[1].decode()},
        Referer=f"http://{client.host}:{client.port}/login/",
    )
    if answer.status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"signing in as {username} answered {answer.status}")


def json_request(path: str, payload: dict, *, token: str, label: str = "") -> Request:
    return Request(
        "POST",
        path,
        body=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        label=label,
    )


@dataclass
class Outcome:
    label: str
    status: int
    seconds: float


@dataclass
class Run:
    outcomes: list[Outcome]
    seconds: float  # wall time of the whole run
    errors: list[str]

    def latencies(self, label: str | None = None) -> list[float]:
        return [o.seconds for o in self.outcomes if label is None or o.label == label]

    def statuses(self) -> dict[int, int]:
        counted: dict[int, int] = {}
        for o in self.outcomes:
            counted[o.status] = counted.get(o.status, 0) + 1
        return counted


def run(clients: list[Client], requests: Iterable[Request]) -> Run:
    """Send every request once, `len(clients)` at a time (each client takes the next request
    when it is done with its last): a closed-loop load of that many concurrent users."""
    queue = list(requests)
    lock = threading.Lock()
    position = 0
    outcomes: list[Outcome] = []
    errors: list[str] = []

    def work(client: Client) -> None:
        nonlocal position
        while True:
            with lock:
                if position >= len(queue):
                    return
                request = queue[position]
                position += 1
            try:
                answer = client.send(request)
            except (OSError, http.client.HTTPException) as failed:
                with lock:
                    errors.append(f"{type(failed).__name__}: {failed}")
                continue
            with lock:
                outcomes.append(Outcome(request.label, answer.status, answer.seconds))

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(outcomes, time.perf_counter() - began, errors)


def request_bytes(request: Request, host: str, port: int) -> bytes:
    """The whole HTTP/1.1 request as it goes on the wire (keep-alive)."""
    body = request.body or b""
    lines = [f"{request.method} {request.path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    if body or request.method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class FastRun(Run):
    client_cpu_seconds: float = 0.0  # this process's CPU during the run (the client's)
    locations: list[str] = field(default_factory=list)  # each redirect's Location


def run_fast(
    host: str,
    port: int,
    requests: list[Request] | list[list[Request]],
    *,
    clients: int = 1,
    timeout: float = 60.0,
) -> FastRun:
    """Send every request once over keep-alive connections, each taking its next request when
    its last one is answered (closed loop): a flat list is shared by `clients` connections;
    a list of lists gives each connection its own (a signed-in person's requests, with their
    cookie and CSRF token), one connection per list. The requests are turned into bytes
    before the clock starts; a response is read as far as its status, its headers
    (Content-Length, or a chunked body) and its body, nothing more."""
    if requests and isinstance(requests[0], list):
        queues = [[(r, request_bytes(r, host, port)) for r in own] for own in requests]
        sources = [iter(queue) for queue in queues]
    else:
        shared = iter([(r, request_bytes(r, host, port)) for r in requests])  # type: ignore[arg-type]
        sources = [shared] * clients
    cpu_began = time.process_time()
    outcomes, errors, locations, seconds = asyncio.run(_run_async(host, port, sources, timeout))
    cpu = time.process_time() - cpu_began
    return FastRun(outcomes, seconds, errors, client_cpu_seconds=cpu, locations=locations)


async def _run_async(host, port, sources, timeout):
    outcomes: list[Outcome] = []
    errors: list[str] = []
    locations: list[str] = []

    async def work(source) -> None:
        reader = writer = None
        for request, data in source:
            began = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(data)
                status, close, location = await asyncio.wait_for(_read_response(reader), timeout)
            except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError) as e:
                errors.append(f"{type(e).__name__}: {e}")
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            outcomes.append(Outcome(request.label, status, time.perf_counter() - began))
            if location:
                locations.append(location)
            if close:
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(work(source) for source in sources))
    return outcomes, errors, locations, time.perf_counter() - began


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool, str]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    close = headers.get("connection", "").lower() == "close"
    return status, close, headers.get("location", "")


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0.95 for p95), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary_ms(values: list[float]) -> dict:
    """{p50, p95, max, n} in milliseconds."""
    if not values:
        return {"p50": None, "p95": None, "max": None, "n": 0}
    return {
        "p50": round(statistics.median(values) * 1000, 1),
        "p95": round(percentile(values, 0.95) * 1000, 1),  # type: ignore[operator]
        "max": round(max(values) * 1000, 1),
        "n": len(values),
    }
