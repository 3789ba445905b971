"""Two web nodes, proven (issue 18, point 4).

One fixture starts, on loopback, what a two-node production has: node A and
node B (each ``gunicorn portal.wsgi -w 2``), one background worker
(``manage.py db_worker``), all on the same PostgreSQL (the test database),
the same S3 object store (moto's server, a bucket of their own) and the same
mail server (aiosmtpd). Page cache ON (``PAGE_CACHE_SECONDS=60``), DEBUG off.
The test talks to the nodes over real HTTP, with one cookie store per
visitor, and checks across them (``check_1_…`` to ``check_7_…``):

1. a submission posted on A appears in the review queue on B;
2. a file uploaded on A downloads on B (staff), is 404 anonymously on B, and
   lives in the bucket, not on a node's disk;
3. publishing on A makes the page (and its attachment) public on B at once,
   although B had the list cached just before;
4. login rate limits and lockouts count across nodes;
5. a session made on A is valid on B (and a logout on B ends it on A);
6. a scheduled item goes live on both nodes at its time (no stale page);
7. the acknowledgement and the editors' notification are each delivered
   exactly once, by the single worker (also when the form is sent twice,
   once on each node).

The checks run as named steps of one test, each to its end even when
another failed; the test prints a table of them and their times (with -s)
and fails naming every failed check, with the end of the nodes' logs. One test, not seven:
the test is transactional (the nodes must see what the test process writes),
and a transactional test ends with a flush, after which content types come
back with new ids while running nodes keep the ones they cached. Real nodes
never see their database truncated under them, so the nodes live exactly as
long as the one test.
"""

import email
import http.client
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import traceback
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlsplit

import boto3
import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from portal.core.models import Status, Theme
from portal.editorial.roles import EINDREDACTIE, REDACTIE
from portal.ops import counts, mail
from portal.ops.models import OutgoingMail, WorkerHeartbeat
from portal.search.models import SearchDocument
from practices.models import Practice, Submission
from tests.conftest import FORM, current_code, started
from tests.factories import PracticeFactory, municipality
from tests.portal.files.pdfs import make_pdf
from tests.s3 import ACCESS_KEY, REGION, S3
from tests.s3 import SECRET_KEY as S3_SECRET_KEY

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "een-lang-testwachtwoord"
LOGIN_LIMIT = 4  # LOGIN_RATE_LIMIT_USER of both nodes
WORKER_ID = "two-nodes-worker"
START_TIMEOUT = 45
INVALID_LOGIN = "Gebruikersnaam, wachtwoord of verificatiecode klopt niet."
RATE_LIMITED = "Te veel mislukte inlogpogingen"
LIST = "/praktijkvoorbeelden/"
LOGIN = "/admin/login/?next=/admin/"


# --- a visitor: plain HTTP with its own cookies ---------------------------------


@dataclass
class Response:
    status: int
    headers: email.message.Message
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


@dataclass
class Browser:
    """One visitor. Like a browser, it keeps cookies per host (127.0.0.1),
    whatever the port, so a test that needs two visitors makes two. Redirects
    are not followed: the tests look at them."""

    cookies: dict = field(default_factory=dict)

    def request(self, method, url, fields=None, files=None):
        parts = urlsplit(url)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body, headers["Content-Type"] = multipart(fields or [], files or {})
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, fields=(), files=None):
        return self.request("POST", url, list(fields), files)


def _plain(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def explain(response):
    """A failed answer in one line: status, redirect, title, error messages."""
    title = re.search(r"<title>(.*?)</title>", response.text, re.S)
    errors = re.findall(
        r'class="(?:errorlist|errornote)[^"]*"[^>]*>(.*?)</(?:ul|p)>', response.text, re.S
    )
    return (
        f"HTTP {response.status} {response.location!r}, "
        f"title {_plain(title.group(1)) if title else ''!r}, "
        f"errors {[_plain(error) for error in errors][:10]}"
    )


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    chunks = []
    for name, value in fields:
        chunks += [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode(),
            str(value).encode(),
            b"\r\n",
        ]
    for name, (filename, content, content_type) in files.items():
        chunks += [
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode(),
            content,
            b"\r\n",
        ]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


class _FormReader(HTMLParser):
    """The fields a browser would send for each form on a page, as shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append([])
            return
        name = attributes.get("name")
        if not self.forms:
            return
        fields = self.forms[-1]
        if tag == "input" and name and "__prefix__" not in name:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    fields.append((name, attributes.get("value") or "on"))
                return
            fields.append((name, attributes.get("value") or ""))
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = {"name": name, "multiple": "multiple" in attributes, "chosen": []}
            self._select["first"] = None
        elif tag == "option" and self._select is not None:
            value = attributes.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attributes:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self.forms[-1] += [(self._select["name"], value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].append(tuple(self._textarea))
            self._textarea = None


def form_fields(html, having):
    """The fields of the first form on the page that has a field ``having``."""
    reader = _FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(name == having for name, _value in fields):
            return fields
    raise AssertionError(f"no form with a field {having!r} on the page:\n{html[:3000]}")


def fill(fields, **values):
    """``fields`` with ``values`` in place of what the page had (a list
    value gives the field several times)."""
    kept = [(name, value) for name, value in fields if name not in values]
    for name, value in values.items():
        kept += [(name, item) for item in value] if isinstance(value, list) else [(name, value)]
    return kept


# --- the processes ---------------------------------------------------------------


class Inbox:
    """The mail server's handler: keeps (recipients, subject) of every message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.messages.append((sorted(envelope.rcpt_tos), str(message["Subject"])))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [subject for recipients, subject in self.messages if address in recipients]


@dataclass
class Cluster:
    a: str
    b: str
    bucket: S3
    inbox: Inbox
    media_root: Path
    logs: dict
    started_in: float = 0.0

    def files_on_disk(self):
        return [p for p in self.media_root.rglob("*") if p.is_file()]

    def log_tails(self, lines=40):
        return "\n".join(
            f"--- {name} (last {lines} lines of {path}) ---\n"
            + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            for name, path in self.logs.items()
        )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url():
    """The test database (pytest-django's), as the nodes must reach it."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{quote(db['NAME'], safe='')}"


def stop(processes):
    """Stop the processes and their children (each its own process group):
    all asked at once, killed after 10 s."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        os.killpg(process.pid, signal.SIGTERM)
    for process in running:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def healthy(url):
    try:
        return Browser().get(url + "/health/").status == 200
    except OSError:
        return False


@pytest.fixture
def cluster(transactional_db, s3_server, tmp_path_factory):
    """Node A, node B and one worker on one database, bucket and mail server."""
    bucket_name = f"two-nodes-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
        region_name=REGION,
    )
    client.create_bucket(Bucket=bucket_name)
    bucket = S3(endpoint_url=s3_server, bucket=bucket_name, client=client)

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: lines per command
    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()

    home = tmp_path_factory.mktemp("two-nodes")
    (home / "var" / "static").mkdir(parents=True)
    media_root = home / "media"
    media_root.mkdir()
    port_a, port_b = free_port(), free_port()
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "DJANGO_ALLOW_ASYNC"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": database_url(),
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "0",
            "HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_MANIFEST": "0",
            "VAR_DIR": str(home / "var"),
            "MEDIA_ROOT": str(media_root),
            "SITE_URL": f"http://127.0.0.1:{port_a}",
            "PAGE_CACHE_SECONDS": "60",
            "COUNT_CACHE_SECONDS": "60",
            "TASK_BACKEND": "database",
            "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "MAIL_HOST": "127.0.0.1",
            "MAIL_PORT": str(smtp_port),
            "MAIL_USE_TLS": "0",
            "TRUSTED_PROXIES": "",
            "LOGIN_RATE_LIMIT_USER": str(LOGIN_LIMIT),
            # Every visitor here is 127.0.0.1: the per-address limits stay out of the way.
            "LOGIN_RATE_LIMIT_IP": "1000",
            "SUBMISSION_RATE_LIMIT": "1000",
            "PYTHONUNBUFFERED": "1",
            **bucket.environment(),
        }
    )
    commands = {
        "worker": [
            str(BIN / "python"),
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
            "--worker-id",
            WORKER_ID,
        ],
        **{
            f"node {name}": [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--timeout",
                "30",
                "--graceful-timeout",
                "3",
                "--no-control-socket",  # else both nodes claim ~/.gunicorn/gunicorn.ctl
            ]
            for name, port in (("A", port_a), ("B", port_b))
        },
    }
    logs = {name: home / f"{name.replace(' ', '-')}.log" for name in commands}
    processes = {}
    cluster = Cluster(
        a=f"http://127.0.0.1:{port_a}",
        b=f"http://127.0.0.1:{port_b}",
        bucket=bucket,
        inbox=inbox,
        media_root=media_root,
        logs=logs,
    )
    for alias in ("default", "pages"):  # nothing cached from earlier tests
        caches[alias].clear()
    started_at = time.monotonic()
    try:
        for name, command in commands.items():
            with logs[name].open("wb") as log:
                processes[name] = subprocess.Popen(  # noqa: S603  # our own commands
                    command,
                    cwd=ROOT,
                    env=environment,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        deadline = time.monotonic() + START_TIMEOUT
        while not (
            healthy(cluster.a)
            and healthy(cluster.b)
            and WorkerHeartbeat.objects.filter(worker_id=WORKER_ID).exists()
        ):
            for name, process in processes.items():
                if process.poll() is not None:
                    pytest.fail(f"{name} stopped at start-up:\n{cluster.log_tails()}")
            if time.monotonic() > deadline:
                pytest.fail(f"not up after {START_TIMEOUT} s:\n{cluster.log_tails()}")
            time.sleep(0.2)
        cluster.started_in = time.monotonic() - started_at
        yield cluster
    finally:
        stopped = [name for name, process in processes.items() if process.poll() is not None]
        stopping = time.monotonic()
        stop(processes.values())
        print(f"[two nodes] stopped in {time.monotonic() - stopping:.1f} s")
        smtp.stop()
        if stopped:
            print(f"\n[two nodes] {', '.join(stopped)} had stopped:\n{cluster.log_tails()}")


# --- the people and their steps ---------------------------------------------------


@pytest.fixture
def password_hash():
    """The nodes check passwords with Django's default hasher (the test
    process's MD5 is for speed only): hashed once, given to every account."""
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt())


@pytest.fixture
def staff(password_hash):
    """``staff(label, group)``: a new staff account with a TOTP app."""

    def make(label, group, *, address=False):
        username = f"{label}-{uuid.uuid4().hex[:8]}"
        user = get_user_model().objects.create(
            username=username,
            password=password_hash,
            email=f"{username}@example.org" if address else "",
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=group))
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        return user

    return make


def log_in(browser, node, user, password=PASSWORD, code=None):
    page = browser.get(node + LOGIN)
    assert page.status == 200
    fields = fill(
        form_fields(page.text, "username"),
        username=user.username,
        password=password,
        otp_token=current_code(user.username) if code is None else code,
    )
    return browser.post(node + LOGIN, fields)


def logged_in(browser, node, user):
    response = log_in(browser, node, user)
    assert response.status == 302 and response.location == "/admin/", explain(response)
    return browser


def share_experience(browser, node, title, submitter, attachment=None):
    """A visitor fills in the public form on ``node``; the form was opened
    ten seconds ago (its signed start time, made with the shared secret key)."""
    page = browser.get(node + FORM)
    assert page.status == 200
    fields = form_fields(page.text, "form_token")
    form_token = dict(fields)["form_token"]
    fields = fill(
        fields,
        title=title,
        story="Wij openden een ouderkamer.\n\nOuders komen nu elke week.",
        municipality=str(municipality("GM0344").pk),
        themes=[str(Theme.objects.get(slug="ouders-bereiken").pk)],
        organisation="Basisschool De Linde",
        role="Intern begeleider",
        name="Łucja Öztürk",
        email=submitter,
        phone="030 123 45 67",
        consent="on",
        website="",
        started=started(seconds_ago=10, form_token=form_token),
    )
    files = {"attachment": ("plan.pdf", attachment, "application/pdf")} if attachment else None
    response = browser.post(node + FORM, fields, files)
    assert response.status == 302, explain(response)
    assert response.location == f"{FORM}bedankt/"
    return fields, files


def transition(browser, node, practice, name):
    url = f"{node}/admin/practices/practice/{practice.pk}/transition/{name}/"
    response = browser.post(url)
    assert response.status == 302, explain(response)
    return response


@contextmanager
def step(label):
    started_at = time.monotonic()
    yield
    print(f"\n[two nodes]   {label}: {(time.monotonic() - started_at) * 1000:.0f} ms")


def cache_state(response):
    return response.headers.get("X-Page-Cache", "miss")


def settle_counts(node):
    """After an edit the first visitor gets the list's previous counts while
    the worker refreshes them (portal.ops.counts), and such a page is not
    kept in the page cache. Ask for the list's counts (under another page
    address: same counts, another page-cache entry) and wait for the worker."""
    assert Browser().get(f"{node}{LIST}?sortering=nieuw").status == 200
    deadline = time.monotonic() + 20
    waiting = DBTaskResult.objects.filter(
        task_path=counts.refresh.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    while waiting.exists():
        assert time.monotonic() < deadline, "the worker did not refresh the counts"
        time.sleep(0.05)


# --- the checks -------------------------------------------------------------------


def check_1_submission_posted_on_a_appears_in_the_review_queue_on_b(cluster, staff):
    chief = staff("eindredacteur", EINDREDACTIE)
    title = f"Ouderkamer {uuid.uuid4().hex[:6]}"
    with step("posted on A"):
        share_experience(Browser(), cluster.a, title, "inzender@example.org")
    submission = Submission.objects.get(title=title)
    with step("review queue on B"):
        queue = logged_in(Browser(), cluster.b, chief).get(cluster.b + "/admin/wachtrij/")
    assert queue.status == 200
    assert f"{submission.reference} – {title}" in queue.text


def check_2_file_uploaded_on_a_downloads_on_b_and_lives_in_the_bucket(cluster, staff):
    chief = staff("eindredacteur", EINDREDACTIE)
    title = f"Ouderavond {uuid.uuid4().hex[:6]}"
    pdf = make_pdf(f"Verslag {title}")
    with step("uploaded on A"):
        share_experience(Browser(), cluster.a, title, "inzender@example.org", attachment=pdf)
    name = Submission.objects.get(title=title).attachment.name
    assert name.startswith("inzendingen/")
    # In the shared bucket, on no node's disk.
    assert name in cluster.bucket.names()
    assert cluster.bucket.read(name) == pdf
    assert cluster.files_on_disk() == []
    with step("downloaded on B"):
        download = logged_in(Browser(), cluster.b, chief).get(f"{cluster.b}/media/{name}")
    assert download.status == 200
    assert download.body == pdf
    assert download.headers["Content-Disposition"].startswith("attachment;")
    # Personal data: never for a visitor, on either node.
    assert Browser().get(f"{cluster.b}/media/{name}").status == 404
    assert Browser().get(f"{cluster.a}/media/{name}").status == 404


def check_3_publishing_on_a_makes_the_page_public_on_b_at_once(cluster, staff):
    editor = staff("redacteur", REDACTIE)
    chief = staff("eindredacteur", EINDREDACTIE)
    tag = uuid.uuid4().hex[:6]
    title, slug = f"Taalcafé voor ouders {tag}", f"taalcafe-voor-ouders-{tag}"
    word = "ouderbingo" + "".join(chr(ord("a") + int(c, 16)) for c in tag)  # only in the PDF
    pdf = make_pdf(f"Plan van aanpak met {word}")

    # The editor writes it in the admin on A, with an attachment, and submits it.
    writer = logged_in(Browser(), cluster.a, editor)
    add = writer.get(cluster.a + "/admin/practices/practice/add/")
    assert add.status == 200
    fields = fill(
        form_fields(add.text, "title"),
        title=title,
        slug=slug,
        summary="Ouders oefenen Nederlands op school.",
        body="<p>Elke week een taalcafé.</p>",
        municipalities=[str(municipality("GM0363").pk)],
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Plan van aanpak",
            "attachments-0-position": "0",
            "_save": "Opslaan",
        },
    )
    with step("practice with attachment saved in the admin on A"):
        saved = writer.post(
            cluster.a + "/admin/practices/practice/add/",
            fields,
            {"attachments-0-file": ("plan.pdf", pdf, "application/pdf")},
        )
    assert saved.status == 302, explain(saved)
    practice = Practice.objects.get(slug=slug)
    attachment = practice.attachments.get()
    assert attachment.file.name in cluster.bucket.names()
    assert cluster.files_on_disk() == []
    # The worker reads the PDF's text from the bucket and re-indexes the
    # practice; waited for, so the search on B below can find a word that is
    # only in the file. (A save of the practice while that re-index runs takes
    # its turn: portal.search.index._lock, tests/portal/search/
    # test_index_concurrency.py.)
    indexed = SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(Practice),
        object_id=practice.pk,
        body_text__contains=word,
    )
    deadline = time.monotonic() + 20
    with step("the worker read the attachment's text and re-indexed the practice"):
        while not indexed.exists():
            assert time.monotonic() < deadline, "the worker did not read the attachment"
            time.sleep(0.1)
    transition(writer, cluster.a, practice, "submit")
    practice.refresh_from_db()
    assert practice.status == Status.REVIEW

    # B has the list in its page cache; the page and the file are not public.
    settle_counts(cluster.b)
    visitor = Browser()
    first, again = visitor.get(cluster.b + LIST), visitor.get(cluster.b + LIST)
    assert (cache_state(first), cache_state(again)) == ("miss", "hit")
    assert title not in again.text
    assert visitor.get(f"{cluster.b}{LIST}{slug}/").status == 404
    assert visitor.get(cluster.b + attachment.file.url).status == 404

    # The chief editor publishes on A; the next request on B shows it.
    publisher = logged_in(Browser(), cluster.a, chief)
    with step("publish on A → list, page and attachment public on B"):
        transition(publisher, cluster.a, practice, "publish")
        listed = visitor.get(cluster.b + LIST)
        page = visitor.get(f"{cluster.b}{LIST}{slug}/")
        download = visitor.get(cluster.b + attachment.file.url)
        found = visitor.get(f"{cluster.b}/zoeken/?q={word}")
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert listed.status == 200 and title in listed.text
    assert page.status == 200 and title in page.text
    assert download.status == 200 and download.body == pdf
    # The text the worker read from the file uploaded on A is found on B.
    assert found.status == 200 and title in found.text


def check_4_login_rate_limits_and_lockouts_count_across_nodes(cluster, staff):
    target = staff("redacteur", REDACTIE)
    bystander = staff("redacteur", REDACTIE)
    nodes = [cluster.a, cluster.b]
    # LOGIN_LIMIT wrong passwords, alternating A, B, A, B: each is checked.
    for attempt in range(LOGIN_LIMIT):
        node = nodes[attempt % 2]
        response = log_in(Browser(), node, target, password=f"fout-{attempt}")
        assert response.status == 200
        assert INVALID_LOGIN in response.text, f"attempt {attempt + 1} on {node}"
        assert RATE_LIMITED not in response.text
    # Now the account is locked on both nodes: even the right password and
    # code are not checked any more.
    with step(f"locked on A and B after {LOGIN_LIMIT} failures spread over both"):
        for node in nodes:
            browser = Browser()
            response = log_in(browser, node, target)
            assert response.status == 200, f"logged in on {node} despite the lockout"
            assert RATE_LIMITED in response.text
            assert browser.get(node + "/admin/").status == 302
    # The lock is the account's, not the nodes': another user still gets in on both.
    for node in nodes:
        logged_in(Browser(), node, bystander)


def check_5_session_made_on_a_is_valid_on_b(cluster, staff):
    chief = staff("eindredacteur", EINDREDACTIE)
    on_a = logged_in(Browser(), cluster.a, chief)
    assert on_a.get(cluster.a + "/admin/").status == 200
    # A second browser with nothing but A's cookies, on B.
    on_b = Browser(cookies=dict(on_a.cookies))
    assert Browser().get(cluster.b + "/admin/").status == 302  # the control: no session
    with step("A's session on B"):
        admin = on_b.get(cluster.b + "/admin/")
    assert admin.status == 200
    assert chief.username in admin.text
    # Logging out on B ends the session on A as well.
    assert on_b.post(cluster.b + "/admin/logout/").status in {200, 302}
    assert on_a.get(cluster.a + "/admin/").status == 302


def check_6_scheduled_item_goes_live_on_both_nodes_at_its_time(cluster, staff):
    tag = uuid.uuid4().hex[:6]
    go_live = timezone.now() + timedelta(seconds=5)
    practice = PracticeFactory(
        title=f"Voorleesochtend {tag}",
        slug=f"voorleesochtend-{tag}",
        status=Status.PUBLISHED,
        publish_at=go_live,
    )
    detail = f"{LIST}{practice.slug}/"
    visitor = Browser()
    # Before its time: not shown. A renders the list and keeps it in the
    # shared page cache; B answers from that same entry.
    settle_counts(cluster.a)
    on_a, on_b = visitor.get(cluster.a + LIST), visitor.get(cluster.b + LIST)
    assert (cache_state(on_a), cache_state(on_b)) == ("miss", "hit")
    for node, listed in ((cluster.a, on_a), (cluster.b, on_b)):
        assert listed.status == 200 and practice.title not in listed.text, node
        assert visitor.get(node + detail).status == 404, node
    time.sleep(max(0.0, (go_live - timezone.now()).total_seconds()) + 0.2)
    with step("first requests after publish_at on A and B"):
        shown = {node: visitor.get(node + LIST) for node in (cluster.a, cluster.b)}
        pages = {node: visitor.get(node + detail) for node in (cluster.a, cluster.b)}
    for node in (cluster.a, cluster.b):
        assert shown[node].status == 200
        assert practice.title in shown[node].text, f"stale list on {node}"
        assert pages[node].status == 200, f"page not live on {node}"


def check_7_acknowledgement_and_notification_are_sent_exactly_once_by_the_one_worker(
    cluster, staff
):
    editor = staff("redacteur", REDACTIE, address=True)
    submitter = f"inzender-{uuid.uuid4().hex[:8]}@example.org"
    title = f"Ouderpanel {uuid.uuid4().hex[:6]}"
    visitor = Browser()
    fields, _files = share_experience(visitor, cluster.a, title, submitter)
    # The same form sent again (a double click that the balancer sends to B).
    again = visitor.post(cluster.b + FORM, fields)
    assert again.status == 302 and again.location == f"{FORM}bedankt/"
    submission = Submission.objects.get(title=title)
    assert Submission.objects.filter(title=title).count() == 1

    deadline = time.monotonic() + 20
    with step("both mails delivered by the worker"):
        while not (cluster.inbox.to(submitter) and cluster.inbox.to(editor.email)):
            assert time.monotonic() < deadline, f"mails not delivered: {cluster.inbox.messages}"
            time.sleep(0.1)
    time.sleep(1.5)  # room for a duplicate to arrive
    assert len(cluster.inbox.to(submitter)) == 1
    assert len(cluster.inbox.to(editor.email)) == 1
    assert submission.reference in cluster.inbox.to(editor.email)[0]
    mails = OutgoingMail.objects.filter(subject__contains=submission.reference)
    assert sorted(mails.values_list("status", flat=True)) == ["sent", "sent"]
    sent_by = DBTaskResult.objects.filter(
        task_path=mail.send_mail_task.module_path,
        args_kwargs__args__0__in=list(mails.values_list("pk", flat=True)),
    )
    assert sent_by.count() == 2
    assert {(r.status, tuple(r.worker_ids)) for r in sent_by} == {
        (TaskResultStatus.SUCCESSFUL, (WORKER_ID,))
    }


CHECKS = [
    check_1_submission_posted_on_a_appears_in_the_review_queue_on_b,
    check_2_file_uploaded_on_a_downloads_on_b_and_lives_in_the_bucket,
    check_3_publishing_on_a_makes_the_page_public_on_b_at_once,
    check_4_login_rate_limits_and_lockouts_count_across_nodes,
    check_5_session_made_on_a_is_valid_on_b,
    check_6_scheduled_item_goes_live_on_both_nodes_at_its_time,
    check_7_acknowledgement_and_notification_are_sent_exactly_once_by_the_one_worker,
]


@pytest.mark.django_db(transaction=True)
def test_two_nodes_share_one_state(cluster, staff):
    """Every check runs, also after another failed; the table says which passed."""
    print(f"\n[two nodes] A, B and the worker up in {cluster.started_in:.1f} s")
    results = []
    for check in CHECKS:
        print(f"[two nodes] {check.__name__}")
        started_at = time.monotonic()
        try:
            check(cluster, staff)
        except Exception as error:  # noqa: BLE001  # one failed check must not hide the others
            frame = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == __file__]
            where = f"line {frame[-1].lineno}: {frame[-1].line}" if frame else ""
            outcome = f"FAIL  {where}\n    {type(error).__name__}: {str(error)[:3000]}"
        else:
            outcome = "PASS"
        results.append(f"{check.__name__:<82} {time.monotonic() - started_at:5.1f} s  {outcome}")
    table = "\n".join(results)
    print(f"[two nodes] results:\n{table}")
    failed = [line for line in results if "  FAIL  " in line]
    if failed:
        pytest.fail(
            f"{len(failed)} of {len(CHECKS)} checks failed:\n{table}\n{cluster.log_tails()}"
        )
