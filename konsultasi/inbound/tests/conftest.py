"""A real IMAP server for the tests: Debian's dovecot, started on a free loopback port with a
temporary configuration, password file and mail directory. Without dovecot the tests skip
with the reason (under CI=true they fail: the Makefile installs it there)."""

import getpass
import grp
import imaplib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from konsultasi.inbound.models import Mailbox

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
_users = itertools.count(1)
ACCOUNTS = 500
PASSWORD = "rahasia-uji"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accounts() -> tuple[str, str, int, int]:
    """(internal user, login user, mail uid, mail gid): dovecot's own users when we are root
    (it refuses to run its login process as root), ourselves otherwise."""
    if os.geteuid() == 0:
        mail = pwd.getpwnam("dovecot")
        return "dovecot", "dovenull", mail.pw_uid, mail.pw_gid
    me = getpass.getuser()
    return me, me, os.getuid(), os.getgid()


class Dovecot:
    def __init__(self, root: Path, port: int, mail_uid: int, mail_gid: int):
        self.root, self.port, self.mail_uid, self.mail_gid = root, port, mail_uid, mail_gid
        self.users = root / "users"

    def write_users(self) -> None:
        # All written at start: dovecot notices a changed password file only by its mtime,
        # which a fast test run would not move.
        self.users.write_text(
            "".join(f"kppn{n}:{{PLAIN}}{PASSWORD}\n" for n in range(1, ACCOUNTS + 1))
        )

    def add_user(self) -> tuple[str, str]:
        return f"kppn{next(_users)}", PASSWORD

    def deliver(self, user: str, password: str, raw: bytes) -> None:
        """Put a message in the user's INBOX (IMAP APPEND), as the mail server would."""
        with imaplib.IMAP4("127.0.0.1", self.port) as imap:
            imap.login(user, password)
            imap.append("INBOX", None, None, raw)

    def unseen(self, user: str, password: str) -> list[bytes]:
        with imaplib.IMAP4("127.0.0.1", self.port) as imap:
            imap.login(user, password)
            imap.select("INBOX")
            return imap.uid("SEARCH", "UNSEEN")[1][0].split()


@pytest.fixture(scope="session")
def dovecot():
    if not Path(DOVECOT).exists():
        reason = "dovecot is not installed (make installs dovecot-imapd with apt as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    internal, login, uid, gid = _accounts()
    root = Path(tempfile.mkdtemp(prefix="konsultasi-dovecot-"))
    root.chmod(0o755)  # dovecot's own users read the configuration and password file
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    if os.geteuid() == 0:
        os.chown(root / "mail", uid, gid)
    port = free_port()
    server = Dovecot(root, port, uid, gid)
    server.write_users()
    server.users.chmod(0o644)
    (root / "dovecot.conf").write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{root}/mail/%u
default_internal_user = {internal}
default_internal_group = {grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name}
default_login_user = {login}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {server.users}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with imaplib.IMAP4("127.0.0.1", port):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (
                        (root / "dovecot.log").read_text()
                        if (root / "dovecot.log").exists()
                        else ""
                    )
                    pytest.fail(f"dovecot did not start:\n{log}")
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot, office, monkeypatch):
    """The office's mailbox on the test server, with a fresh IMAP account."""
    user, password = dovecot.add_user()
    monkeypatch.setenv("KONSULTASI_TEST_IMAP_PASSWORD", password)
    box = Mailbox.objects.create(
        office=office,
        address="konsultasi@kppn-pekanbaru.example",
        host="127.0.0.1",
        port=dovecot.port,
        use_ssl=False,
        username=user,
        password_variable="KONSULTASI_TEST_IMAP_PASSWORD",
    )
    box.deliver = lambda raw: dovecot.deliver(user, password, raw)  # type: ignore[attr-defined]
    box.unseen = lambda: dovecot.unseen(user, password)  # type: ignore[attr-defined]
    return box
