"""Site-wide search at scale, per query class, cold and warm.

Fills the search index with N synthetic Dutch documents (default 100,000; a
fifth of them practices) from ``bench/corpus.py``: words following Zipf's
law over a Dutch vocabulary, real municipality names, a few selective
multi-word phrases. Then, for each query class (one common word, two common
words, a rare word, a place name, a phrase, a typo, a prefix), it
prints the median and p95 of:

* ``search cold``: the search proper without its result cache: matching,
  ranking, the exact count and the facets (``_matches``, what the cache
  would keep);
* ``page cold``: the whole search page (``GET /zoeken/?q=``: the above,
  snippets, template), the result cache emptied before each request;
* ``page warm``: the whole page with the result cache filled;
* ``naive``: ``icontains`` over the same fields (count + first page).

Targets (PostgreSQL, 100,000 documents): cold search median < 20 ms and p95 <
50 ms for every class.

    bash scripts/bench.sh search [--n 100000] [--repeat 15] [--explain]
"""

import argparse
import statistics
import time
from urllib.parse import urlencode

import corpus
from common import client, connection, percentile
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from portal.core.cache import bump_content_version
from portal.search.models import SearchDocument
from portal.search.query import _matches, explain, run_search

TARGET_MEDIAN, TARGET_P95 = 20.0, 50.0

# Query classes: every query of a class is timed `repeat` times; the class's
# median and p95 are over all those timings.
CLASSES = {
    "common word": ["ouders", "school", "kinderen"],
    "two common words": ["ouders school", "kinderen onderwijs", "leerkrachten ouders"],
    "rare word": ["voorleesontbijt", "ouderpanel", "taalmaatjes"],
    "place name": ["Alphen aan den Rijn", "Zaanstad", "Súdwest-Fryslân"],
    "phrase": ["warme overdracht", '"doorgaande leerlijn"', "brede school"],
    "typo": ["ouderbetrokkenhied", "kinderopvnag", "huisbezoken"],
    "prefix": ["ouderbetrokk", "taalontw", "voorlees"],
}


def fill(n):
    """The corpus of ``bench/corpus.py``: n documents, a fifth of them practices."""
    for phase, seconds in corpus.generate(n, practices=n // 5).items():
        print(f"  {phase}: {seconds:.0f} s", flush=True)


def naive(text):
    """Baseline: icontains on every word over the same fields, count + page."""
    qs = SearchDocument.objects.filter(status="published", publish_at__lte=timezone.now())
    for word in text.replace('"', " ").split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(names__icontains=word)
            | Q(body_text__icontains=word)
        )
    qs.count()
    list(qs.order_by("-date")[:20])


def timed(function, repeat, before=None):
    timings = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def page(text):
    response = client.get("/zoeken/?" + urlencode({"q": text}))
    assert response.status_code == 200, (text, response.status_code)


def fmt(timings):
    return f"{statistics.median(timings):>7.1f} {percentile(timings, 0.95):>7.1f}"


def first_search_on_a_new_connection(text):
    """A new database connection loads the text search dictionaries (the
    Dutch ispell dictionary: a few hundred ms) on its first search."""
    connection.close()
    bump_content_version()
    start = time.perf_counter()
    run_search(text, {}, 1)
    return (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE of every query")
    args = parser.parse_args()
    call_command("load_demo", verbosity=0)
    fill(args.n)
    total = SearchDocument.objects.count()
    print(f"\n{connection.vendor}: {total} documents in the index; repeat={args.repeat}")
    print(
        f"first search on a new connection: {first_search_on_a_new_connection('ouders'):.0f} ms\n"
    )
    for texts in CLASSES.values():
        for text in texts:
            run_search(text, {}, 1)  # warm: statistics, synonyms
    print(
        f"{'query class':<18} {'search cold':>15} {'page cold':>15} {'page warm':>15}"
        f" {'naive icontains':>15}  {'matches':>20}  target (search cold)"
    )
    print(
        f"{'(ms)':<18} {'median   p95':>15} {'median   p95':>15} {'median   p95':>15}"
        f" {'median   p95':>15}"
    )
    missed = []
    for name, texts in CLASSES.items():
        cold, page_cold, page_warm, slow = [], [], [], []
        totals, each = [], []
        for text in texts:
            mine = timed(lambda t=text: _matches(t, {}), args.repeat)
            each.append(f"{text} {statistics.median(mine):.1f}")
            cold += mine
            page_cold += timed(lambda t=text: page(t), args.repeat, bump_content_version)
            page(text)
            page_warm += timed(lambda t=text: page(t), args.repeat)
            slow += timed(lambda t=text: naive(t), max(2, args.repeat // 5))
            totals.append(str(run_search(text, {}, 1).total))
        hit = statistics.median(cold) < TARGET_MEDIAN and percentile(cold, 0.95) < TARGET_P95
        if not hit:
            missed.append(texts[0])
        print(
            f"{name:<18} {fmt(cold)} {fmt(page_cold)} {fmt(page_warm)} {fmt(slow)}  "
            f"{'/'.join(totals):>20}  {'OK' if hit else 'MISSED'}"
        )
        print(f"{'':<18} search cold median per query: {' | '.join(each)}")
    print(f"\ntarget: search cold median < {TARGET_MEDIAN:.0f} ms, p95 < {TARGET_P95:.0f} ms")
    print("search cold = what the result cache keeps, computed: matching, ranking, exact count,")
    print("facets (portal.search.query._matches); page = GET /zoeken/?q= (snippets, template),")
    print("cold: result cache emptied before each request; warm: filled.")
    explained = [t for texts in CLASSES.values() for t in texts] if args.explain else missed
    if connection.vendor == "postgresql":
        for text in explained:
            print(f"\n=== EXPLAIN ANALYZE, cold search for {text!r}")
            for plan in explain(text):
                print(plan)


if __name__ == "__main__":
    main()
