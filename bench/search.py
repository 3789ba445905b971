"""Site-wide search at scale.

Generates N realistic Dutch documents (default 100,000) across all content
types straight into the search index, with vocabulary drawn from the demo
content, then prints for 20 fixed queries the median and p95 server time of
the search page, the same for a naive ``icontains`` search over the same
fields (the baseline), the ratio, and the query count per search page.
Targets (2 cores, PostgreSQL): median < 50 ms, p95 < 150 ms, >= 10x faster
than the baseline.

    bash scripts/bench.sh search [--n 100000] [--repeat 10]
"""

import argparse
import random
import statistics
import time

from common import client, connection, percentile, time_url
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from portal.core import registry
from portal.core.cache import bump_content_version
from portal.core.models import Municipality, Theme
from portal.search.db import _vector
from portal.search.index import facet_lines
from portal.search.models import SearchDocument, SearchFacet, SearchTerm

QUERIES = [
    "ouders", "ouderbetrokkenheid", "school", "scholen", "voorlezen", "ouderkamer",
    "vve", "taal", "brugfiguren", "huisbezoeken", '"ouders bereiken"', "ouders -vve",
    "jeugdhulp OR passend", "laaggeletterdheid", "ouder", "voortijdig schoolverlaten",
    "nantes", "gent", "consultatiebureau", "ouderbetrokkenhied",
]  # fmt: skip


def vocabulary():
    words = set()
    for doc in SearchDocument.objects.all():
        words.update(
            w.strip(".,;:()‘’'\"!?").lower() for w in f"{doc.summary} {doc.body_text}".split()
        )
    return sorted(w for w in words if len(w) > 2 and w.isalpha())


def fill(n, seed=7):
    existing = SearchDocument.objects.filter(url__startswith="/bench/").count()
    if existing >= n:
        return
    rnd = random.Random(seed)
    words = vocabulary()
    kinds = list(registry.kinds())
    cts = {k.key: ContentType.objects.get_for_model(k.model) for k in kinds}
    municipalities = list(Municipality.objects.values_list("slug", "name", "province"))
    themes = list(Theme.objects.values_list("slug", "name"))
    now = timezone.now()
    batch = 5000
    for start in range(existing, n, batch):
        docs, facets = [], []
        for i in range(start, min(n, start + batch)):
            kind = kinds[i % len(kinds)]
            ms = rnd.sample(municipalities, rnd.randint(1, 2))
            ts = rnd.sample(themes, rnd.randint(1, 2))
            date = now - timezone.timedelta(days=rnd.randint(0, 3650))
            docs.append(
                SearchDocument(
                    content_type=cts[kind.key],
                    object_id=10_000_000 + i,
                    kind=kind.key,
                    title=" ".join(rnd.choice(words) for _ in range(6)).capitalize(),
                    summary=" ".join(rnd.choice(words) for _ in range(25)),
                    names=" ".join(m[1] for m in ms) + " " + " ".join(t[1] for t in ts),
                    body_text=" ".join(rnd.choice(words) for _ in range(150)),
                    url=f"/bench/{i}/",
                    date=date,
                    publish_at=date,
                )
            )
            facets.append(
                [("type", kind.key, str(kind.label)), ("jaar", str(date.year), str(date.year))]
                + [("gemeente", m[0], m[1]) for m in ms]
                + [("provincie", m[2], m[2]) for m in ms if m[2]]
                + [("thema", t[0], t[1]) for t in ts]
            )
            docs[-1].facet_text = facet_lines(facets[-1])
        created = SearchDocument.objects.bulk_create(docs)
        SearchFacet.objects.bulk_create(
            [
                SearchFacet(document=d, facet=f, value=v, label=label)
                for d, fs in zip(created, facets, strict=True)
                for f, v, label in fs
            ],
            batch_size=10000,
        )
        SearchDocument.objects.filter(pk__in=[d.pk for d in created]).update(
            search_vector=_vector()
        )
        print(f"  {start + len(docs)} documents", flush=True)
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w) for w in words if len(w) >= 4], ignore_conflicts=True
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def naive(text):
    """Baseline: icontains on every word over the same fields, count + page."""
    qs = SearchDocument.objects.filter(status="published", publish_at__lte=timezone.now())
    for word in text.replace('"', " ").replace("-", " ").split():
        if word.lower() == "or":
            continue
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(names__icontains=word)
            | Q(body_text__icontains=word)
        )
    qs.count()
    list(qs.order_by("-date")[:20])


def time_naive(text, repeat):
    naive(text)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        naive(text)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), percentile(timings, 0.95)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    call_command("load_demo", verbosity=0)
    fill(args.n)
    total = SearchDocument.objects.count()
    print(f"{connection.vendor}: {total} documents in the index; repeat={args.repeat}")
    print(
        f"{'query':<28} {'median':>8} {'p95':>8} {'queries':>8} {'naive med':>10} {'naive p95':>10} {'ratio':>7}"
    )
    medians, p95s, naive_medians = [], [], []
    for text in QUERIES:
        from urllib.parse import urlencode

        result = time_url(client, "/zoeken/?" + urlencode({"q": text}), repeat=args.repeat)
        n_med, n_p95 = time_naive(text, max(3, args.repeat // 3))
        medians.append(result["median"])
        p95s.append(result["p95"])
        naive_medians.append(n_med)
        print(
            f"{text:<28} {result['median']:>8.1f} {result['p95']:>8.1f} {result['queries']:>8} "
            f"{n_med:>10.1f} {n_p95:>10.1f} {n_med / result['median']:>6.1f}x"
        )
    cold = []
    for text in QUERIES:
        from urllib.parse import urlencode

        result = time_url(
            client,
            "/zoeken/?" + urlencode({"q": text}),
            repeat=3,
            before=bump_content_version,
        )
        cold.append(result["median"])
    print(
        f"\nWithout cache (first search of a query after an edit): median {statistics.median(cold):.1f} ms, "
        f"p95 {percentile(cold, 0.95):.1f} ms over the 20 queries"
    )
    overall_median = statistics.median(medians)
    overall_p95 = percentile(p95s, 0.95)
    ratio = statistics.median(naive_medians) / overall_median
    print(
        f"\nwarm (cached per query and content version), all queries: median {overall_median:.1f} ms (target < 50), "
        f"p95 {overall_p95:.1f} ms (target < 150), "
        f"{ratio:.1f}x faster than naive icontains (target >= 10x)"
    )


if __name__ == "__main__":
    main()
