"""Synthetic content at scale for the benches (issue 23, point 2).

``generate(documents=N, practices=P)`` fills the database with P published
practices (real ``Practice`` rows with municipalities, themes, phases and
target groups; 10 % drafts) and N search documents in all: one per practice
and the rest of the other kinds (meetings, travel reports, action plans,
networks, organisations, dossiers, policy documents; documents only, with a
``/bench/`` address). The text follows Zipf's law over a Dutch vocabulary
(function words, the field's own words, compounds, a tail from the
hunspell-nl dictionary), names real municipalities (the CBS list) and
carries a few selective multi-word phrases. The forum is not in the search
index (members only), so it takes no part here.

It is fast because nothing goes through the ORM or through PostgreSQL's
text search row by row: two worker processes make the rows and write them
with COPY, each document's three vectors are put together in Python from the
normalisation of each distinct word (asked from PostgreSQL once, with the
same configurations ``portal.search.db`` uses), the lexeme counts
(``SearchLexeme``) are added up on the way, and the indexes are dropped
before and made again after the load, two at a time. ``verify()`` compares
a sample of the vectors with what PostgreSQL itself makes of the same
text (the bench stops when one differs).

    generate(documents=1_000_000, practices=200_000)  # about 10 minutes
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import multiprocessing
import os
import random
import re
import time
from collections import Counter
from pathlib import Path

from common import ROOT, connection
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.utils import timezone

from portal.core import registry
from portal.core.models import Municipality, Status, Theme
from portal.search import bitmaps, learned
from portal.search.db import (
    CONFIG,
    HEAD_FIELDS,
    PREFIX_MARK,
    PREFIX_MIN,
    RAW_CONFIG,
    TITLE_FIELDS,
    vector_sql,
)
from portal.search.index import facet_lines
from portal.search.models import SearchDocument, SearchFacet, SearchLexeme, SearchTerm
from practices.models import EducationPhase, Practice, TargetGroup

# Zipf's law: the word of rank r has weight 1 / r ** ZIPF_S.
ZIPF_S = 1.05
BENCH_URL = "/bench/"


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
FUNCTION = frozenset(FUNCTION_WORDS)


def dictionary_words(rnd):
    if not DICTIONARY.exists():
        return []
    found = set()
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines()[1:]:
        word = line.split("/")[0].split("\t")[0].replace("ĳ", "ij")
        if word.isalpha() and word.islower() and 4 <= len(word) <= 16:
            found.add(word)
    return rnd.sample(sorted(found), min(TAIL, len(found)))


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
    found, seen = [], set(RARE)
    for word in head + tail:
        if word not in seen:
            seen.add(word)
            found.append(word)
    for word, rank in sorted(RARE.items(), key=lambda item: item[1]):
        found.insert(rank - 1, word)
    return found


class Zipf:
    def __init__(self, vocabulary_words, rnd, s=ZIPF_S):
        self.words = vocabulary_words
        self.rnd = rnd
        total = 0.0
        self.cumulative = []
        for rank in range(1, len(vocabulary_words) + 1):
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

    def sentence(self, k):
        return " ".join(self.sample(k))


def municipality_names():
    with open(ROOT / "portal/core/data/gemeenten.csv", encoding="utf-8") as handle:
        return [row["Gemeentenaam"] for row in csv.DictReader(handle, delimiter=";")]


# --- vectors put together in Python ---------------------------------------------

_TSVECTOR_ENTRY = re.compile(r"'((?:[^']|'')*)'(?::([0-9A-D,]+))?")
SENTINEL = "zqxjv"


def _entries(text):
    """tsvector text -> [(lexeme, [positions])] (no weights: a lone word)."""
    found = []
    for lexeme, positions in _TSVECTOR_ENTRY.findall(text):
        found.append(
            (lexeme.replace("''", "'"), [int(p.rstrip("ABCD")) for p in positions.split(",")])
        )
    return found


class Vectorizer:
    """Builds ``search_vector``, ``search_head`` and ``search_title`` as
    ``portal.search.db.vector_sql`` does, from each distinct word's
    normalisation (``CONFIG``) and unstemmed form (``RAW_CONFIG``), asked
    from PostgreSQL once. The parser works word by word between blanks, so
    a field's vector is its words' vectors one after the other: a word takes
    as many positions as PostgreSQL gives it (a stop word one, a hyphenated
    name one per part), and the fields are joined as ``||`` joins them (the
    next field's positions after the highest one so far)."""

    def __init__(self, cursor, known=None):
        self.cursor = cursor
        self.known = dict(known or {})

    def learn(self, chunks):
        chunks = sorted({c for c in chunks if c not in self.known})
        for start in range(0, len(chunks), 5000):
            self.cursor.execute(
                f"SELECT c, to_tsvector('{CONFIG}', c)::text, to_tsvector('{RAW_CONFIG}', c)::text, "  # noqa: S608
                f"to_tsvector('{CONFIG}', c || ' {SENTINEL}')::text, "
                f"to_tsvector('{RAW_CONFIG}', c || ' {SENTINEL}')::text "
                "FROM unnest(%s::text[]) AS c",
                [chunks[start : start + 5000]],
            )
            for chunk, normal, raw, normal_end, raw_end in self.cursor.fetchall():
                normal = [(_quote(lexeme), positions) for lexeme, positions in _entries(normal)]
                raw = [
                    (_quote(PREFIX_MARK + lexeme), positions)
                    for lexeme, positions in _entries(raw)
                    if len(lexeme) >= PREFIX_MIN
                ]
                self.known[chunk] = (
                    normal,
                    raw,
                    self._taken(normal_end),
                    self._taken(raw_end),
                    max((p for _lexeme, ps in normal for p in ps), default=0),
                    max((p for _lexeme, ps in raw for p in ps), default=0),
                )

    @staticmethod
    def _taken(text):
        """The positions a chunk takes: where the sentinel after it lands, less one."""
        return next(p for lexeme, ps in _entries(text) if lexeme == SENTINEL for p in ps) - 1

    def field(self, text, weight, offset, out):
        """Add ``text``'s lexemes to ``out`` (quoted lexeme -> positions as
        text, "12A"), after ``offset``; return the highest position so far.
        Order and repeats do not matter: PostgreSQL sorts the positions of a
        lexeme and drops repeated ones when it reads the vector."""
        chunks = text.split()
        missing = [c for c in chunks if c not in self.known]
        if missing:
            self.learn(missing)
        labels = _POSITIONS[weight]
        normal_at = raw_at = offset
        highest = offset
        known = self.known
        for chunk in chunks:
            normal, raw, normal_taken, raw_taken, normal_top, raw_top = known[chunk]
            for lexeme, positions in normal:
                slot = out.get(lexeme)
                if slot is None:
                    slot = out[lexeme] = []
                slot.extend(labels[normal_at + p] for p in positions)
            for lexeme, positions in raw:
                slot = out.get(lexeme)
                if slot is None:
                    slot = out[lexeme] = []
                slot.extend(labels[raw_at + p] for p in positions)
            if normal:
                highest = max(highest, normal_at + normal_top)
            if raw:
                highest = max(highest, raw_at + raw_top)
            normal_at += normal_taken
            raw_at += raw_taken
        return highest

    def vectors(self, fields):
        """(search_vector, search_head, search_title) as tsvector text for
        the document's fields in ``portal.search.db.FIELDS`` order:
        [(text, weight)], and the lexemes."""
        out = {}
        offset = 0
        head = title = None
        for index, (text, weight) in enumerate(fields):
            if index == len(TITLE_FIELDS):
                title = _tsvector_text(out)
            if index == len(HEAD_FIELDS):
                head = _tsvector_text(out)
            offset = self.field(text, weight, offset, out)
        return _tsvector_text(out), head, title, out.keys()


# Position p with weight w as tsvector text ("12A"; D is written without),
# at most 16383 (PostgreSQL's limit).
_POSITIONS = {
    weight: [f"{min(p, 16383)}{'' if weight == 'D' else weight}" for p in range(20_000)]
    for weight in "ABCD"
}


def _quote(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _unquote(quoted):
    return quoted[1:-1].replace("''", "'").replace("\\\\", "\\")


def _tsvector_text(entries):
    return " ".join(f"{lexeme}:{','.join(positions)}" for lexeme, positions in entries.items())


# --- COPY -------------------------------------------------------------------------


def _copy_value(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "adapted"):  # the driver's JSON wrapper
        value = json.dumps(value.adapted)
    elif isinstance(value, (dict, list)):
        value = json.dumps(value)
    elif isinstance(value, (datetime.datetime, datetime.date)):
        value = value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def model_columns(model, skip=()):
    """(columns, fields) of ``model``'s concrete fields, for ``model_row``."""
    fields = [f for f in model._meta.concrete_fields if f.column not in skip]
    return [f.column for f in fields], fields


def model_row(instance, fields):
    return [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields]


# --- the plan each worker follows -------------------------------------------------


def _setting():
    """What the workers need, read once in the main process."""
    kinds = [k for k in registry.kinds() if k.model is not Practice]
    places = {m.name: m for m in Municipality.objects.all()}
    municipalities = [
        (m.pk, m.slug, m.name, m.alias, m.province, m.get_province_display() if m.province else "")
        for name in municipality_names()
        if (m := places.get(name))
    ]
    assert municipalities, "no municipalities: load the CBS list first (migrate)"
    return {
        "kinds": [
            (k.key, str(k.label), ContentType.objects.get_for_model(k.model).pk) for k in kinds
        ],
        "practice_key": next(k.key for k in registry.kinds() if k.model is Practice),
        "practice_ct": ContentType.objects.get_for_model(Practice).pk,
        "practice_label": next(str(k.label) for k in registry.kinds() if k.model is Practice),
        "municipalities": municipalities,
        "themes": list(Theme.objects.values_list("pk", "slug", "name")),
        "phases": list(EducationPhase.objects.values_list("pk", "slug", "name")),
        "groups": list(TargetGroup.objects.values_list("pk", "name")),
        "now": timezone.now(),
    }


# The vocabulary's normalisation, learnt once before the workers start (they
# inherit it).
_LEARNT = {}


def _learn_vocabulary(seed):
    with connection.cursor() as wrapper:
        vectorizer = Vectorizer(wrapper.cursor)
        vocabulary_words = vocabulary(random.Random(seed))
        vectorizer.learn(
            w for word in vocabulary_words for w in (word, word + ".", word.capitalize())
        )
    _LEARNT.clear()
    _LEARNT.update(vectorizer.known)


def _worker(job):
    """Make and COPY the documents ``start`` … ``stop`` (and the practices
    among them); returns the lexeme counts of the published ones."""
    start, stop, seed, plan = job
    connections.close_all()
    rnd = random.Random(seed * 1_000_003 + start)
    zipf = Zipf(vocabulary(random.Random(seed)), rnd)
    counts = Counter()
    # The bitmaps of the published documents per lexeme, for the common
    # words (``_postings``).
    postings, incomplete, batch = {}, set(), []
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        # No foreign-key checks row by row (a throw-away bench database; the
        # ids are made here and are right). Needs a superuser: else checked.
        with contextlib.suppress(Exception):  # autocommit: nothing to undo
            cursor.execute("SET session_replication_role = replica")
        vectorizer = Vectorizer(cursor, _LEARNT)
        doc_columns, doc_fields = model_columns(SearchDocument, skip=("search_vector",))
        doc_columns = [*doc_columns, "search_vector"]
        practice_columns, practice_fields = model_columns(Practice)
        docs, facets, practices, links = [], [], [], {}
        for i in range(start, stop):
            doc, doc_facets, practice, m2m = _make(i, rnd, zipf, plan, vectorizer, counts, batch)
            docs.append(doc)
            facets += doc_facets
            if practice is not None:
                practices.append(model_row(practice, practice_fields))
                for table, rows in m2m.items():
                    links.setdefault(table, []).extend(rows)
            if len(docs) >= 2000 or i == stop - 1:
                if practices:
                    copy_rows(cursor, Practice._meta.db_table, practice_columns, practices)
                    for (table, columns), rows in links.items():
                        copy_rows(cursor, table, columns, rows)
                copy_rows(
                    cursor,
                    SearchDocument._meta.db_table,
                    doc_columns,
                    [[*model_row(d, doc_fields), vector] for d, vector in docs],
                )
                copy_rows(
                    cursor,
                    SearchFacet._meta.db_table,
                    ["id", "document_id", "facet", "value", "label"],
                    facets,
                )
                docs, facets, practices, links = [], [], [], {}
                _postings(batch, postings, incomplete)
                batch = []
    connection.close()
    return counts, postings, incomplete


# A lexeme in at least this share of a batch's published documents has its
# ids kept for the bitmaps of common words (those are in 5 %: in every batch
# of 2,000 far above 2.5 %); one kept in some batches only is "incomplete"
# and left to ``bitmaps.refresh`` to read from the index.
POSTING_SHARE = bitmaps.SHARE / 2


def _postings(batch, postings, incomplete):
    """Add the ids of the batch's (id, lexemes) pairs to ``postings`` for
    the lexemes in POSTING_SHARE of them; note the others in ``incomplete``."""
    seen = Counter(lexeme for _pk, lexemes in batch for lexeme in lexemes)
    kept = {lexeme for lexeme, n in seen.items() if n >= POSTING_SHARE * len(batch)}
    incomplete.update(seen.keys() - kept)
    ids = {}
    for pk, lexemes in batch:
        for lexeme in kept.intersection(lexemes):
            ids.setdefault(lexeme, []).append(pk)
    for lexeme, found in ids.items():
        bitmaps.add_bits(postings.setdefault(lexeme, {}), found)


def _make(i, rnd, zipf, plan, vectorizer, counts, published_lexemes):
    """Document ``i`` (a practice for the first ``plan['practices']``)."""
    now = plan["now"]
    is_practice = i < plan["practices"]
    places = rnd.sample(plan["municipalities"], rnd.choice([1, 1, 1, 2]))
    themes = rnd.sample(plan["themes"], rnd.randint(1, 2)) if plan["themes"] else []
    title = " ".join(zipf.content(rnd.randint(3, 8))).capitalize()[:200]
    summary = zipf.sentence(rnd.randint(15, 40))
    body = [zipf.sentence(rnd.randint(8, 20)) for _ in range(rnd.randint(5, 15))]
    for phrase, share in PHRASES.items():
        if rnd.random() < share:
            if rnd.random() < 0.2:
                title = f"{title} {phrase}"
            else:
                body.insert(rnd.randrange(len(body) + 1), phrase)
    if rnd.random() < 0.3:
        body.append(f"in {places[0][2]}")
    body_text = ". ".join(body)
    doc_id = plan["first_document"] + i
    practice, m2m = None, {}
    if is_practice:
        pk = plan["first_practice"] + i
        year = rnd.randint(2008, 2025)
        status = Status.PUBLISHED if i % 10 else Status.DRAFT
        published = now - datetime.timedelta(minutes=i + 1)
        phases = rnd.sample(plan["phases"], rnd.randint(1, 2))
        groups = rnd.sample(plan["groups"], rnd.randint(1, 2))
        practice = Practice(
            pk=pk,
            title=title,
            slug=f"bench-{i}",
            summary=summary,
            body=f"<p>{'</p><p>'.join(body)}</p>",
            status=status,
            publish_at=published,
            created_at=published,
            updated_at=published,
            start_year=year,
            event_date=datetime.date(year, 1, 1),
        )
        m2m = {
            ("practices_practice_municipalities", ("practice_id", "municipality_id")): [
                (pk, m[0]) for m in places
            ],
            ("practices_practice_themes", ("practice_id", "theme_id")): [
                (pk, t[0]) for t in themes
            ],
            ("practices_practice_phases", ("practice_id", "educationphase_id")): [
                (pk, p[0]) for p in phases
            ],
            ("practices_practice_target_groups", ("practice_id", "targetgroup_id")): [
                (pk, g[0]) for g in groups
            ],
        }
        kind, label, ct, object_id = (
            plan["practice_key"],
            plan["practice_label"],
            plan["practice_ct"],
            pk,
        )
        url = f"/praktijkvoorbeelden/bench-{i}/"
        date = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
        extra = [("fase", p[1], p[2]) for p in phases]
        names_extra = [p[2] for p in phases] + [g[1] for g in groups]
    else:
        status = Status.PUBLISHED
        kind, label, ct = plan["kinds"][i % len(plan["kinds"])]
        object_id, url = 10_000_000 + i, f"{BENCH_URL}{i}/"
        date = now - datetime.timedelta(days=rnd.randint(0, 3650))
        published = date
        extra, names_extra = [], []
    # As portal.search.index._names: places (name, known name, province),
    # themes, the other terms; each name once.
    found = [w for m in places for w in (m[2], m[3], m[5])]
    names = " ".join(dict.fromkeys(w for w in [*found, *(t[2] for t in themes), *names_extra] if w))
    doc_facets = (
        [("type", kind, label)]
        + [("gemeente", m[1], m[3] or m[2]) for m in places]
        + [("provincie", m[4], m[5]) for m in places if m[4]]
        + [("thema", t[1], t[2]) for t in themes]
        + extra
        + [("jaar", str(date.year), str(date.year))]
    )
    doc_facets = sorted(set(doc_facets))
    vector, head, title_vector, lexemes = vectorizer.vectors(
        [(title, "A"), (names, "B"), (summary, "C"), (body_text, "D")]
    )
    if status == Status.PUBLISHED:
        counts.update(lexemes)
        published_lexemes.append((doc_id, lexemes))
    doc = SearchDocument(
        pk=doc_id,
        content_type_id=ct,
        object_id=object_id,
        kind=kind,
        title=title[:300],
        summary=summary,
        names=names,
        body_text=body_text,
        url=url,
        date=date,
        status=status,
        publish_at=published,
        search_head=head,
        search_title=title_vector,
        facet_text=facet_lines(doc_facets),
    )
    facet_rows = [
        (plan["first_facet"] + i * 16 + n, doc_id, f, v, lab)
        for n, (f, v, lab) in enumerate(doc_facets)
    ]
    return (doc, vector), facet_rows, practice, m2m


# --- the load ----------------------------------------------------------------------

VECTOR_TABLES = (SearchDocument._meta.db_table, SearchFacet._meta.db_table)


def _indexes(tables):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef, i.tablename FROM pg_indexes i WHERE i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [list(tables)],
        )
        return cursor.fetchall()


def _build(definition):
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(definition)
    connection.close()


def _next_id(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def generate(documents, practices=0, *, seed=7, workers=2, log=print):
    """Fill up to ``documents`` bench documents, ``practices`` of them
    practices. Returns the seconds it took per phase."""
    have = SearchDocument.objects.filter(url__startswith=BENCH_URL).count()
    have += Practice.objects.filter(slug__startswith="bench-").count()
    if have >= documents:
        if not bitmaps.have():  # a corpus made before migration 0019
            began = time.perf_counter()
            bitmaps.refresh(rebuild=True)
            return {"bitmaps of common words": time.perf_counter() - began}
        return {}
    if have:
        raise SystemExit("the database holds part of a bench corpus: use an empty database")
    learned.forget()  # the rows come without triggers
    seconds = {}
    began = time.perf_counter()
    practice_tables = [
        Practice._meta.db_table,
        *(f.remote_field.through._meta.db_table for f in Practice._meta.many_to_many),
    ]
    tables = [*VECTOR_TABLES, *practice_tables]
    plan = _setting()
    indexes = _indexes(tables)
    with connection.cursor() as cursor:
        for name, _definition, _table in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute(f"ALTER TABLE {SearchDocument._meta.db_table} DISABLE TRIGGER USER")
    plan.update(
        practices=practices,
        first_document=_next_id(SearchDocument._meta.db_table),
        first_practice=_next_id(Practice._meta.db_table),
        first_facet=_next_id(SearchFacet._meta.db_table),
    )
    _learn_vocabulary(seed)
    seconds["vocabulary"] = time.perf_counter() - began
    connection.close()
    step = max(1, documents // (workers * 8))
    jobs = [(s, min(documents, s + step), seed, plan) for s in range(0, documents, step)]
    counts = Counter()
    built, incomplete = {}, set()
    done = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for found, postings, missing in pool.imap_unordered(_worker, jobs):
            counts.update(found)
            incomplete |= missing
            for quoted, chunks in postings.items():
                if quoted not in incomplete:
                    _merge(built.setdefault(quoted, {}), chunks)
            done += 1
            log(f"  {done}/{len(jobs)} parts made ({time.perf_counter() - began:.0f} s)")
    seconds["rows (COPY)"] = time.perf_counter() - began
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {SearchDocument._meta.db_table} ENABLE TRIGGER USER")
        cursor.execute(
            f"INSERT INTO {SearchLexeme._meta.db_table} AS l (lexeme, documents) "  # noqa: S608
            "SELECT * FROM unnest(%s::text[], %s::integer[]) "
            "ON CONFLICT (lexeme) DO UPDATE SET documents = l.documents + excluded.documents",
            [[_unquote(q) for q in counts], list(counts.values())],
        )
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w) for w in vocabulary(random.Random(seed)) if len(w) >= 4],
        ignore_conflicts=True,
    )
    seconds["lexeme counts, terms"] = time.perf_counter() - began
    began = time.perf_counter()
    connection.close()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        # The big vector indexes first, so the two builders stay busy.
        ordered = sorted(indexes, key=lambda row: ("search_" not in row[1], row[0]))
        pool.map(_build, [definition for _name, definition, _table in ordered], chunksize=1)
    seconds["indexes"] = time.perf_counter() - began
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seconds["vacuum analyze"] = time.perf_counter() - began
    # Loaded without triggers: the bitmaps of common words from scratch
    # (after the indexes: each lexeme's documents are read through them).
    began = time.perf_counter()
    complete = {_unquote(q): chunks for q, chunks in built.items() if q not in incomplete}
    _add_earlier_documents(complete, plan["first_document"])
    bitmaps.refresh(rebuild=True, built=complete)
    seconds["bitmaps of common words"] = time.perf_counter() - began
    return seconds


def _merge(chunks, more):
    """OR the bitmap chunks ``more`` into ``chunks`` (two parts of the
    corpus may share the chunk at their border)."""
    for chunk, bits in more.items():
        if chunk in chunks:
            both = int.from_bytes(chunks[chunk]) | int.from_bytes(bits)
            chunks[chunk] = bytearray(both.to_bytes(len(bits)))
        else:
            chunks[chunk] = bits


def _add_earlier_documents(bitmaps_built, first_document):
    """Documents in the database before the corpus (few: demo content) have
    their bits added to the bitmaps built from the corpus."""
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, tsvector_to_array(search_vector) FROM {table} "  # noqa: S608
            "WHERE id < %s AND status = %s",
            [first_document, Status.PUBLISHED],
        )
        for pk, lexemes in cursor.fetchall():
            for lexeme in set(lexemes or ()) & bitmaps_built.keys():
                bitmaps.add_bits(bitmaps_built[lexeme], [pk])


def verify(sample=300, seed=1):
    """The number of sampled bench documents whose vectors differ from what
    PostgreSQL makes of their text (``portal.search.db.vector_sql``)."""
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT * FROM {table} WHERE url LIKE '/%%' "  # noqa: S608
            f"ORDER BY md5(id::text || '{seed}') LIMIT %s) AS d "
            f"WHERE d.search_vector IS DISTINCT FROM ({vector_sql()}) "
            f"OR d.search_head IS DISTINCT FROM ({vector_sql(HEAD_FIELDS)}) "
            f"OR d.search_title IS DISTINCT FROM ({vector_sql(TITLE_FIELDS)})",
            [sample],
        )
        return cursor.fetchone()[0]


def verify_bitmaps():
    """(lexemes whose corpus-built bitmap differs from one read from the
    index, lexemes with a bitmap)."""

    def stored():
        with connection.cursor() as cursor:
            cursor.execute("SELECT lexeme, chunk, bits::text FROM portal_searchbitmap")
            return {(lexeme, chunk): bits for lexeme, chunk, bits in cursor.fetchall()}

    built = stored()
    bitmaps.refresh(rebuild=True)
    read = stored()
    differ = {lexeme for lexeme, _chunk in built.keys() ^ read.keys()}
    differ |= {key[0] for key in built.keys() & read.keys() if built[key] != read[key]}
    return len(differ), len(bitmaps.have())


def cpu_count():
    return len(os.sched_getaffinity(0))
