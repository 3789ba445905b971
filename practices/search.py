"""What the site-wide search indexes of a practice beyond the common fields
(title, summary, body, the names of its municipalities, themes, phases and
target groups: ``portal.search.index.build_document``): (extra text, extra
facets), including the at-a-glance facts (onderbouwing, results, what it
needs). The attachments and links are rows of the practice
(``Practice.CHANGE_CHILDREN``): the index follows their changes."""

from django.utils.translation import gettext_noop

# The education phases the portal ships (migration 0002) as msgids: the
# English search page shows their filter labels through gettext (the index
# keeps the Dutch names). A phase added later stays Dutch there, marked so.
PHASE_NAMES = (
    gettext_noop("Voorschool/VVE"),
    gettext_noop("Primair onderwijs"),
    gettext_noop("Voortgezet onderwijs"),
    gettext_noop("MBO"),
)


def practice(p):
    text = "\n".join(
        [
            p.outreach,
            p.partners,
            p.contact_role,
            # At a glance (issue 19): what someone may search for ("NJi",
            # "effectief", "ouderconsulent"); unknown fields add nothing.
            p.get_evidence_level_display() if p.evidence_level else "",
            p.evidence_source,
            p.cost_note,
            p.time_investment,
            p.results,
            p.requirements,
            *(link.title for link in p.links.all()),
            *(f"{a.title}\n{a.text}" for a in p.attachments.all()),
        ]
    )
    facets = [("fase", phase.slug, phase.name) for phase in p.phases.all()]
    if p.start_year:
        facets.append(("jaar", str(p.start_year), str(p.start_year)))
    return text, facets
