"""The figures at two sizes side by side (issue 23): 20,000 practices with
100,000 search documents, and 200,000 with 1,000,000.

Each size gets its own database on the bench's PostgreSQL server
(``bench_<practices>_<documents>``), made and filled once by
``bench/corpus.py`` (about 10 minutes for the large one on 2 cores) and kept
for the next run. Each size is measured in its own process, in-process (the
Django test client: server time, no network), with the result and count
caches as each line says:

* list with two filters (warm), and the first request after an edit (an
  editor saves a practice just before each request);
* a municipality page, a practice page, the API's list page, the sitemap
  (index and one section: at most 50,000 addresses each), the CSV export of
  every practice (time and the most memory Python held while streaming it);
* search per query class (``bench/search.py``): cold (result cache empty:
  matching, ranking, exact count, facets) and the page warm. Cold twice:
  after the first search of each query, as it comes (a count that read many
  matches queues learning it, ``portal.search.learned``), and after a
  worker ran what was queued (``db_worker --batch``, as beside the portal),
  which is the figure beside the budget. Learned counts are forgotten at
  the start of each run.

Every figure is printed beside its budget at both sizes; for a budget missed
at the large size the plans of the slowest queries are printed (for a
search class: the statements of its slowest query's search proper). Nothing is
asserted: the machine decides, the reader judges.

    bash scripts/bench.sh scale [--repeat 20] [--sizes 20000:100000,200000:1000000]
    bash scripts/bench.sh scale --smoke     # tiny sizes: does it still run (CI)
"""

import argparse
import json
import logging
import os
import re
import statistics
import subprocess  # nosec B404
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

# (name, budget for the p95 in ms at the large size, or None: reported only)
BUDGETS = {
    "list, two filters": 60,
    "list, two filters, after an edit": 60,
    "municipality page": 60,
    "practice page": 30,
    "API list page": 60,
    "sitemap index": None,
    "sitemap section": None,
    "CSV export (s)": None,
    "CSV peak memory (MB)": None,
}
SEARCH_BUDGET = 80
# Issue 16 at 100,000 documents: median < 20 ms and p95 < 50 ms, search cold.
SEARCH_BUDGET_SMALL = (20, 50)
# Issue 23 point 1 at 20,000 practices: the first list after an edit.
AFTER_EDIT_SMALL = (30, 60)
SIZES = "20000:100000,200000:1000000"
SMOKE = "60:300"


# --- the child: one size ------------------------------------------------------------


def child(practices, documents, repeat):
    import corpus
    import search as search_bench
    from common import client, connection, percentile, time_url
    from django.core.cache import cache
    from django.core.management import call_command

    from portal.core.models import Municipality, Status
    from portal.search import learned
    from portal.search.query import _matches
    from practices.models import Practice
    from tests.portal.ops.worker import run_worker  # db_worker --batch, in this process

    began = time.perf_counter()
    phases = corpus.generate(documents, practices=practices, log=lambda line: None)
    made = time.perf_counter() - began
    call_command("load_demo", verbosity=0)
    figures = {}

    def record(name, timings, **extra):
        figures[name] = {
            "median": statistics.median(timings),
            "p95": percentile(timings, 0.95),
            **extra,
        }

    def page(name, url, before=None):
        result = time_url(client, url, repeat=repeat, before=before)
        figures[name] = result

    two_filters = "/praktijkvoorbeelden/?thema=ouders-bereiken&fase=primair-onderwijs"
    page("list, two filters", two_filters)
    edited = Practice.objects.published().order_by("pk").first()

    def edit():
        edited.summary = edited.summary + " "
        edited.save(update_fields=["summary"])

    page("list, two filters, after an edit", two_filters, before=edit)
    busiest = (
        Municipality.objects.filter(practices_practice_set__status=Status.PUBLISHED)
        .order_by("?")
        .first()
    )
    page("municipality page", busiest.get_absolute_url())
    detail = Practice.objects.published().order_by("pk")[practices // 2]
    page("practice page", detail.get_absolute_url())
    page("API list page", "/api/praktijkvoorbeelden/")
    index = client.get("/sitemap.xml")
    sections = re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    page("sitemap index", "/sitemap.xml")
    # The practices' section: the biggest.
    section = next((urlsplit(s) for s in sections if "practices" in s), None)
    if section is not None:
        page("sitemap section", section.path + ("?" + section.query if section.query else ""))
        figures["sitemap section"]["urls"] = client.get(
            section.path + ("?" + section.query if section.query else "")
        ).content.count(b"<loc>")
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get("/api/praktijkvoorbeelden/csv/")
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures["CSV export (s)"] = {"median": seconds, "p95": seconds, "rows": rows}
    figures["CSV peak memory (MB)"] = {"median": peak / 1e6, "p95": peak / 1e6}
    searches = {}
    # No count learned before (the database is kept between runs), nor
    # queued: the marks of queued ones are in the cache.
    learned.forget()
    cache.clear()
    for name in ("django.tasks", "django_tasks_db"):  # a line per task run
        logging.getLogger(name).setLevel(logging.WARNING)
    for name, texts in search_bench.CLASSES.items():
        cold, unlearned, warm, medians = [], [], [], {}
        for text in texts:
            _matches(text, {})  # statistics, synonyms, dictionary; queues learning its count
            unlearned += search_bench.timed(lambda t=text: _matches(t, {}), repeat)
            # The worker beside the portal runs what the search queued.
            run_worker()
            mine = search_bench.timed(lambda t=text: _matches(t, {}), repeat)
            medians[text] = statistics.median(mine)
            cold += mine
            search_bench.page(text)
            warm += search_bench.timed(lambda t=text: search_bench.page(t), repeat)
        searches[name] = {
            "cold": [statistics.median(cold), percentile(cold, 0.95)],
            "not learned": [statistics.median(unlearned), percentile(unlearned, 0.95)],
            "warm": [statistics.median(warm), percentile(warm, 0.95)],
            "slowest": max(medians, key=medians.__getitem__),
        }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_searchcount")
        learned_counts = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM portal_searchdocument")
        total_documents = cursor.fetchone()[0]
    return {
        "practices": Practice.objects.count(),
        "documents": total_documents,
        "made in": made,
        "phases": phases,
        "pages": figures,
        "search": searches,
        "learned counts": learned_counts,
        "urls": {
            "list": two_filters,
            "municipality": busiest.get_absolute_url(),
            "practice": detail.get_absolute_url(),
            "API": "/api/praktijkvoorbeelden/",
        },
    }


def explain_slowest(url, top=3):
    """EXPLAIN ANALYZE of the slowest queries of one request for ``url``."""
    from common import client, connection

    seen = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append((time.perf_counter() - start, sql, params))

    with connection.execute_wrapper(timed):
        client.get(url)
    lines = []
    with connection.cursor() as cursor:
        for seconds, sql, params in sorted(seen, key=lambda row: row[0], reverse=True)[:top]:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            lines += [f"-- {seconds * 1000:.1f} ms: {sql[:200]}"]
            lines += [row[0] for row in cursor.fetchall()]
    return lines


def explain_search(text, top=3):
    """EXPLAIN ANALYZE of the slowest statements of the search proper for
    ``text`` (``_matches``, as the bench times it cold), each explained
    right after it ran, on the same connection: in its transaction and with
    the planner settings it ran with."""
    from common import connection

    from portal.search.query import _matches

    _matches(text, {})  # statistics, synonyms, dictionary
    seen = []

    def explained(execute, sql, params, many, context):
        start = time.perf_counter()
        result = execute(sql, params, many, context)
        seconds = time.perf_counter() - start
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            with connection.connection.cursor() as cursor:  # not through this wrapper
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                seen.append((seconds, sql, [row[0] for row in cursor.fetchall()]))
        return result

    with connection.execute_wrapper(explained):
        _matches(text, {})
    lines = [f"search proper for {text!r}:"]
    for seconds, sql, plan in sorted(seen, key=lambda row: row[0], reverse=True)[:top]:
        lines += [f"-- {seconds * 1000:.1f} ms: {sql[:200]}", *plan]
    return lines


# --- the parent: make the databases, run the sizes, print the table -----------------


def database_url(base, name):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def ensure_database(base, name):
    import psycopg2

    db = psycopg2.connect(base)
    db.autocommit = True
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        db.close()


def run_size(base, practices, documents, repeat, extra):
    name = f"bench_{practices}_{documents}"
    ensure_database(base, name)
    env = {**os.environ, "DATABASE_URL": database_url(base, name)}
    python = sys.executable
    for command in (["migrate", "--no-input", "-v0"], ["createcachetable"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603  # nosec B603
    result = subprocess.run(  # noqa: S603  # nosec B603
        [
            python,
            str(Path(__file__)),
            "--child",
            f"{practices}:{documents}",
            "--repeat",
            str(repeat),
            *extra,
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1]), env


def cell(figure):
    if figure is None:
        return f"{'-':>17}"
    return f"{figure['median']:>8.1f} {figure['p95']:>8.1f}"


def verdict(p95, budget):
    if budget is None:
        return ""
    return f"{'OK' if p95 < budget else 'MISSED'} (p95 < {budget})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=SIZES)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, few repeats (CI)")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(Path(__file__).parent))
        practices, documents = (int(x) for x in args.child.split(":"))
        print(json.dumps(child(practices, documents, args.repeat), default=str))
        return
    sizes = SMOKE if args.smoke else args.sizes
    repeat = 2 if args.smoke else args.repeat
    base = os.environ["DATABASE_URL"]
    results = []
    for size in sizes.split(","):
        practices, documents = (int(x) for x in size.split(":"))
        print(f"==> {practices} practices, {documents} documents", flush=True)
        result, env = run_size(base, practices, documents, repeat, [])
        results.append((result, env))
        made = result["phases"]
        if made:
            print(
                f"    made in {result['made in']:.0f} s: "
                + ", ".join(f"{k} {v:.0f} s" for k, v in made.items()),
                flush=True,
            )
    print()
    heads = [f"{r['practices']} / {r['documents']}" for r, _env in results]
    print(
        f"{'(ms unless said)':<38}"
        + "".join(f"{h:>22}" for h in heads)
        + "   budget at the largest"
    )
    print(f"{'':<38}" + "".join(f"{'median      p95':>22}" for _h in heads))
    missed = []
    for name, budget in BUDGETS.items():
        figures = [r["pages"].get(name) for r, _env in results]
        line = f"{name:<38}" + "".join(f"{cell(f):>22}" for f in figures)
        last = figures[-1]
        if last is not None:
            line += "   " + verdict(last["p95"], budget)
            if budget is not None and last["p95"] >= budget:
                missed.append(name)
        if name == "list, two filters, after an edit" and figures[0] is not None:
            median, p95 = AFTER_EDIT_SMALL
            hit = figures[0]["median"] < median and figures[0]["p95"] < p95
            line += f"; at the smallest {'OK' if hit else 'MISSED'} (< {median} / < {p95})"
        print(line)
    for r, _env in results:
        urls = r["pages"].get("sitemap section", {}).get("urls")
        if urls is not None:
            print(
                f"    sitemap section of {r['practices']} practices: {urls} addresses (<= 50,000)"
            )
    print()
    for name in results[0][0]["search"]:
        for mode in ("cold", "not learned", "warm"):
            figures = [
                dict(zip(("median", "p95"), r["search"][name][mode], strict=True))
                for r, _env in results
            ]
            label = "search " + ("cold, count not learned" if mode == "not learned" else mode)
            line = f"{label + ': ' + name:<38}" + "".join(f"{cell(f):>22}" for f in figures)
            if mode == "not learned":
                line += "   reported (before the worker learned a slow count)"
            if mode == "cold":
                line += "   " + verdict(figures[-1]["p95"], SEARCH_BUDGET)
                small = figures[0]
                median, p95 = SEARCH_BUDGET_SMALL
                hit = small["median"] < median and small["p95"] < p95
                line += f"; at the smallest {'OK' if hit else 'MISSED'} (< {median} / < {p95})"
                if figures[-1]["p95"] >= SEARCH_BUDGET:
                    missed.append("search " + name)
            print(line)
    print(
        "    counts learned by the worker (portal.search.learned): "
        + ", ".join(f"{r['learned counts']} at {r['documents']} documents" for r, _env in results)
    )
    if missed and not args.smoke:
        largest, env = results[-1]
        print(f"\nMissed at the largest size: {', '.join(missed)}; plans of the slowest queries:")

        for name in missed:
            if name.startswith("search "):
                # The class's slowest query, its search proper (cold).
                text = largest["search"][name[len("search ") :]]["slowest"]
                arguments = ["--explain-search", text]
            elif name.startswith(("list", "municipality", "practice", "API")):
                key = name.split()[0].split(",")[0]
                arguments = ["--explain", largest["urls"][key]]
            else:
                continue
            print(f"\n=== {name}: {arguments[1]}")
            plans = subprocess.run(  # noqa: S603  # nosec B603
                [sys.executable, str(Path(__file__)), *arguments],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            print(plans.stdout[-6000:])


if __name__ == "__main__":
    if "--explain" in sys.argv or "--explain-search" in sys.argv:
        sys.path.insert(0, str(Path(__file__).parent))
        if "--explain" in sys.argv:
            print("\n".join(explain_slowest(sys.argv[sys.argv.index("--explain") + 1])))
        else:
            text = sys.argv[sys.argv.index("--explain-search") + 1]
            print("\n".join(explain_search(text)))
    else:
        main()
