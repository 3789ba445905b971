"""The benchmarks still run (issue 23): each script of bench/ in a small
smoke version, on its own throw-away database on the test PostgreSQL
server, through the command the README gives. No timing is asserted (the
figures are the scripts' output, for people); what is checked is that they
run, load their corpus and print every figure they promise."""

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.postgres


def _server_url():
    """The test server, as a URL to one of its databases."""
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT']}/postgres"
    )


def _on(url, name):
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def _admin(url, sql):
    db = psycopg2.connect(url)
    db.autocommit = True
    try:
        with db.cursor() as cursor:
            cursor.execute(sql)
    finally:
        db.close()


@pytest.fixture
def bench_database():
    """A fresh database on the test server, dropped afterwards."""
    server = _server_url()
    name = f"bench_smoke_{uuid.uuid4().hex[:8]}"
    _admin(server, f'CREATE DATABASE "{name}"')
    yield _on(server, name)
    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args, database_url, timeout=600):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-smoke",
        "PYTHONPATH": "",
    }
    result = subprocess.run(  # noqa: S603 (fixed commands of this repository)
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_search_bench_runs_and_prints_every_query_class(bench_database):
    out = _run(
        ["bash", "scripts/bench.sh", "search", "--n", "400", "--repeat", "1"], bench_database
    )
    assert re.search(r"postgresql: \d+ documents in the index", out)
    for name in ("common word", "two common words", "rare word", "place name", "phrase", "typo"):
        assert re.search(rf"^{name}\s+[\d.]+\s+[\d.]+", out, re.MULTILINE), name


def test_scale_bench_runs_at_a_tiny_size_and_prints_every_figure(bench_database):
    server = _server_url()
    try:
        out = _run(["bash", "scripts/bench.sh", "scale", "--smoke"], bench_database)
        # What it prints for a search class that misses its budget: the
        # plans of its slowest query's search proper.
        plans = _run(
            [sys.executable, "bench/scale.py", "--explain-search", '"doorgaande leerlijn"'],
            _on(server, "bench_60_300"),
        )
    finally:
        # The database scale.py made for its size.
        _admin(server, 'DROP DATABASE IF EXISTS "bench_60_300" WITH (FORCE)')
    for figure in (
        "list, two filters",
        "list, two filters, after an edit",
        "municipality page",
        "practice page",
        "API list page",
        "sitemap index",
        "CSV peak memory (MB)",
        "search cold: common word",
        "search cold, count not learned: phrase",
        "search warm: prefix",
    ):
        assert re.search(rf"^{re.escape(figure)}\s+[\d.]+\s+[\d.]+", out, re.MULTILINE), figure
    assert re.search(r"counts learned by the worker .*: \d+ at \d+ documents", out)
    assert plans.startswith("search proper for '\"doorgaande leerlijn\"':")
    assert re.search(r"^-- [\d.]+ ms: SELECT", plans, re.MULTILINE)
    assert "Execution Time" in plans
    # The size line: practices / documents actually in the database.
    assert re.search(r"^\(ms unless said\)\s+\d+ / \d+", out, re.MULTILINE)


def test_corpus_vectors_equal_what_postgresql_makes(bench_database):
    """The bench corpus puts the vectors together in Python: they must be
    exactly what PostgreSQL makes of the same text."""
    script = (
        "import sys; sys.path.insert(0, 'bench'); import corpus; "
        "from portal.search import bitmaps; bitmaps.MINIMUM = 1; "
        "corpus.generate(500, practices=100, log=lambda line: None); "
        "print('differ', corpus.verify(500)); "
        "print('bitmaps differ %d of %d' % corpus.verify_bitmaps())"
    )
    env_url = bench_database
    _run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        env_url,
    )
    out = _run([sys.executable, "-c", script], env_url)
    assert "differ 0\n" in out
    # The bitmaps of common words the corpus makes on the way are the ones
    # read from the index.
    found = re.search(r"bitmaps differ (\d+) of (\d+)", out)
    assert found and found.group(1) == "0" and int(found.group(2)) > 50, out


def test_load_bench_runs_with_gunicorn_and_wrk(bench_database):
    if not shutil.which("wrk") and os.getuid() != 0:
        message = "wrk ontbreekt en scripts/bench.sh kan het zonder root niet installeren"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip("SKIPPED: " + message)
    out = _run(
        [
            "bash",
            "scripts/bench.sh",
            "load",
            *("--n", "60", "--documents", "300", "--seconds", "1", "--workers", "1"),
        ],
        bench_database,
    )
    assert re.search(r"\d+ practices .* search documents; gunicorn 1 workers", out)
    for name in (
        "home",
        "list",
        "detail",
        "municipality",
        "search",
        "MIX, 2% misses",
        "MIX, 10% misses",
    ):
        assert re.search(rf"^{re.escape(name)}\s+[\d.]+\s+[\d.]+\s+[\d.]+", out, re.MULTILINE), name
