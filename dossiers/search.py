"""What the site-wide search indexes of each type beyond the common fields
(title, summary, body, municipality and theme names:
``portal.search.index.build_document``): (extra text, extra facets). The
rows of an item (a dossier's evidence, a policy document's files with the
text of a PDF) are ``CHANGE_CHILDREN``: the index follows their changes."""

from portal.search.index import join_text


def organisation(o):
    # Only public regions: a draft region's name never shows in a result.
    text = join_text(
        o.get_kind_display(), o.offer, *(r.title for r in o.regions.all() if r.is_public)
    )
    return text, []


def region(r):
    return "", []


def dossier(d):
    evidence = (join_text(e.statement, e.source_title) for e in d.evidence.all())
    questions = (join_text(q.question, q.answer) for q in d.questions.all())
    text = join_text(d.theme.name, d.arguments_parents, d.arguments_heads, *evidence, *questions)
    return text, [("thema", d.theme.slug, d.theme.name)]


def policy_document(p):
    text = join_text(p.municipality.name, *(join_text(f.title, f.text) for f in p.files.all()))
    facets = [("jaar", str(p.year), str(p.year))] if p.year else []
    return text, facets
