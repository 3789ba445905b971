"""Site-wide search at scale, per query class, cold and warm.

Fills the search index with N synthetic Dutch documents (default 100,000)
whose words follow Zipf's law over a generated Dutch vocabulary (function
words, the field's own words interleaved, compounds of Dutch parts, and a
tail sampled from the hunspell-nl dictionary), names real municipalities
(``portal/core/data/gemeenten.csv``) and carries a few selective multi-word
phrases. The bulk load drops the vector indexes and makes them again after a
VACUUM FULL (each row is written twice, as ``portal.search.index`` does). Then, for each query class (one common word,
two common words, a rare word, a place name, a phrase, a typo, a prefix), it
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
import csv
import random
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from common import ROOT, client, connection, percentile
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from portal.core import registry
from portal.core.cache import bump_content_version
from portal.core.models import Municipality, Theme
from portal.search.db import _head_vector, _vector
from portal.search.index import facet_lines
from portal.search.models import SearchDocument, SearchFacet, SearchTerm
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

# Zipf's law: the word of rank r has weight 1 / r ** ZIPF_S.
ZIPF_S = 1.05


def words(text):
    return text.split()


# Frequent Dutch function words, most frequent first (real text has them, the
# index drops them as stop words).
FUNCTION_WORDS = words(
    """
de en van het een in is dat op te voor met die zijn niet aan er om ook als
bij of door naar dan kan nog wel worden uit over wordt hun maar tot zo meer
al zich deze we wat heeft hebben na onder dit waar tegen veel moet kunnen
wij geen werd waarin omdat hoe welke waarbij zonder tussen elk via binnen
"""
)

# The field's words: children, parents, school, municipality, youth care.
DOMAIN_WORDS = words(
    """
ouders school kinderen onderwijs leerkrachten gemeente ouder kind leerlingen
scholen samen jeugd gezin gezinnen ondersteuning taal zorg wijk samenwerking
aanpak team directeur buurt ontwikkeling opvoeding contact gesprek gesprekken
resultaten project activiteiten bijeenkomst thuis leren betrokkenheid
professionals partners jongeren peuters kleuters basisschool ervaring vragen
praktijk begeleiding aanbod beleid plan doelen werkwijze coach coördinator
consulent mentor klas groep groepen lessen les huiswerk rapport avond ochtend
week jaar maand dag resultaat effect onderzoek evaluatie verslag netwerk
bibliotheek consultatiebureau wijkteam jeugdhulp jeugdzorg welzijn
kinderopvang peuterspeelzaal voorschool vroegschoolse educatie
voorschoolse taalontwikkeling leesplezier voorlezen lezen schrijven rekenen
spelen bewegen sport cultuur muziek gezondheid veiligheid pesten armoede
schulden wonen werk nieuwkomers statushouders anderstalige tolk
laaggeletterdheid meertaligheid ouderbetrokkenheid ouderkamer ouderavond
oudergesprek huisbezoek huisbezoeken brugfunctionaris sleutelpersonen
vertrouwen drempel bereikbaar bereiken uitnodigen luisteren meedoen
meedenken meebeslissen inspraak medezeggenschap ouderraad
medezeggenschapsraad schoolgids nieuwsbrief informatie communicatie
overdracht warme doorgaande leerlijn passend brede verbinding
schoolmaatschappelijk werk intern begeleider zorgcoördinator schoolverlaten
voortijdig thuiszitters leerplicht verzuim instroom uitstroom
"""
)

# Parts of Dutch compounds: modifier + head gives words such as
# "voorleesontbijt" or "taalmaatjes"; a third of the pairs is used.
MODIFIERS = words(
    """
ouder taal lees voorlees school kinder jeugd gezins wijk buurt klas les leer
peuter kleuter speel sport muziek huis thuis spreek reken schrijf opvoed zorg
welzijns vrijwilligers ontmoetings informatie inloop koffie moeder vader opa
oma
"""
)
HEADS = words(
    """
kamer avond ochtend middag ontbijt gesprek bezoek panel raad commissie
maatje maatjes coach coaches consulent plan programma project aanpak
methode training cursus les lessen uur week dag boek boeken tas tassen
club groep groepen team netwerk punt plek ruimte beleid aanbod moment
bijeenkomst activiteit spel spelletjes lijst brief krant app platform
"""
)
INFLECTIONS = ["en", "s", "je", "jes"]
# Rare words the queries look for, at fixed ranks of the vocabulary.
RARE = {"voorleesontbijt": 3000, "ouderpanel": 5000, "taalmaatjes": 8000}
# The long tail: a sample of the Dutch hunspell dictionary (hunspell-nl, which
# the search needs anyway), or more compounds where it is missing.
DICTIONARY = Path("/usr/share/hunspell/nl.dic")
TAIL = 20_000


def dictionary_words(rnd):
    if not DICTIONARY.exists():
        return []
    words = set()
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines()[1:]:
        word = line.split("/")[0].split("\t")[0].replace("ĳ", "ij")
        if word.isalpha() and word.islower() and 4 <= len(word) <= 16:
            words.add(word)
    return rnd.sample(sorted(words), min(TAIL, len(words)))


def vocabulary(rnd):
    """Dutch words, most frequent first: the function words with the field's
    words interleaved after the first ten, then a shuffled tail of compounds,
    inflected forms and dictionary words, with RARE at their ranks."""
    head = FUNCTION_WORDS[:10]
    rest, domain = FUNCTION_WORDS[10:], list(DOMAIN_WORDS)
    while rest or domain:
        head += [domain.pop(0)] if domain else []
        head += [rest.pop(0)] if rest else []
    compounds = [m + h for m in MODIFIERS for h in HEADS if rnd.random() < 0.33]
    inflected = [w + suffix for w in DOMAIN_WORDS for suffix in INFLECTIONS]
    tail = compounds + inflected + [w + rnd.choice(INFLECTIONS) for w in compounds]
    tail += dictionary_words(rnd) or [m + h + "s" for m in MODIFIERS for h in HEADS]
    rnd.shuffle(tail)
    words, seen = [], set(RARE)
    for word in head + tail:
        if word not in seen:
            seen.add(word)
            words.append(word)
    for word, rank in sorted(RARE.items(), key=lambda item: item[1]):
        words.insert(rank - 1, word)
    return words


class Zipf:
    def __init__(self, words, rnd, s=ZIPF_S):
        self.words = words
        self.rnd = rnd
        total = 0.0
        self.cumulative = []
        for rank in range(1, len(words) + 1):
            total += 1 / (rank**s)
            self.cumulative.append(total)

    def sample(self, k):
        return self.rnd.choices(self.words, cum_weights=self.cumulative, k=k)

    def content(self, k):
        """k words without the function words (for titles)."""
        found = []
        while len(found) < k:
            found += [w for w in self.sample(k) if w not in FUNCTION]
        return found[:k]


# Multi-word phrases, each in a small share of the documents (the share);
# their words are also common on their own, scattered.
PHRASES = {
    "warme overdracht": 0.004,
    "doorgaande leerlijn": 0.006,
    "brede school": 0.01,
    "voor- en vroegschoolse educatie": 0.01,
    "ouders als partner": 0.003,
    "passend onderwijs": 0.01,
}


def municipalities_from_csv():
    with open(ROOT / "portal/core/data/gemeenten.csv", encoding="utf-8") as handle:
        return [row["Gemeentenaam"] for row in csv.DictReader(handle, delimiter=";")]


FUNCTION = frozenset(FUNCTION_WORDS)


def sentence(zipf, n):
    return " ".join(zipf.sample(n))


def vector_indexes():
    """The indexes on the search vectors, as (name, definition)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'portal_searchdocument' "
            "AND (indexdef LIKE '%search_vector%' OR indexdef LIKE '%search_head%')"
        )
        return cursor.fetchall()


def fill(n, seed=7):
    existing = SearchDocument.objects.filter(url__startswith="/bench/").count()
    if existing >= n:
        return
    # A bulk load: the vector indexes are made again afterwards (faster than
    # keeping them current row by row).
    indexes = vector_indexes() if connection.vendor == "postgresql" else []
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    rnd = random.Random(seed + existing)
    words = vocabulary(random.Random(seed))
    zipf = Zipf(words, rnd)
    kinds = list(registry.kinds())
    cts = {k.key: ContentType.objects.get_for_model(k.model) for k in kinds}
    by_name = {m.name: m for m in Municipality.objects.all()}
    places = [by_name[name] for name in municipalities_from_csv() if name in by_name]
    assert places, "no municipalities: load the CBS list first (migrate)"
    themes = list(Theme.objects.values_list("slug", "name"))
    now = timezone.now()
    batch = 5000
    for start in range(existing, n, batch):
        docs, facets = [], []
        for i in range(start, min(n, start + batch)):
            kind = kinds[i % len(kinds)]
            ms = rnd.sample(places, rnd.choice([1, 1, 1, 2]))
            ts = rnd.sample(themes, rnd.randint(1, 2)) if themes else []
            date = now - timezone.timedelta(days=rnd.randint(0, 3650))
            title = " ".join(zipf.content(rnd.randint(3, 8))).capitalize()
            summary = sentence(zipf, rnd.randint(15, 40))
            body = [sentence(zipf, rnd.randint(8, 20)) for _ in range(rnd.randint(5, 15))]
            for phrase, share in PHRASES.items():
                if rnd.random() < share:
                    if rnd.random() < 0.2:
                        title = f"{title} {phrase}"
                    else:
                        body.insert(rnd.randrange(len(body) + 1), phrase)
            if rnd.random() < 0.3:
                body.append(f"in {ms[0].name}")
            docs.append(
                SearchDocument(
                    content_type=cts[kind.key],
                    object_id=10_000_000 + i,
                    kind=kind.key,
                    title=title[:300],
                    summary=summary,
                    names=" ".join(m.name for m in ms) + " " + " ".join(t[1] for t in ts),
                    body_text=". ".join(body),
                    url=f"/bench/{i}/",
                    date=date,
                    publish_at=date,
                )
            )
            facets.append(
                [("type", kind.key, str(kind.label)), ("jaar", str(date.year), str(date.year))]
                + [("gemeente", m.slug, m.name) for m in ms]
                + [("provincie", m.province, m.get_province_display()) for m in ms if m.province]
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
            search_vector=_vector(), search_head=_head_vector()
        )
        print(f"  {start + len(docs)} documents", flush=True)
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w) for w in words if len(w) >= 4], ignore_conflicts=True
    )
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Each row was written twice (inserted, then given its vectors, as
        # portal.search.index does): compact the table, as one built up over
        # time (vacuum reusing the space) would be, then index it.
        print("  VACUUM FULL and indexes", flush=True)
        cursor.execute("VACUUM FULL portal_searchdocument")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("VACUUM ANALYZE")


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
