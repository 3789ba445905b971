"""What the site-wide search indexes of a practice beyond the common fields
(title, summary, body, the names of its municipalities, themes, phases and
target groups: ``portal.search.index.build_document``): (extra text, extra
facets). The attachments and links are rows of the practice
(``Practice.CHANGE_CHILDREN``): the index follows their changes."""


def practice(p):
    text = "\n".join(
        [
            p.outreach,
            p.partners,
            p.contact_role,
            *(link.title for link in p.links.all()),
            *(f"{a.title}\n{a.text}" for a in p.attachments.all()),
        ]
    )
    facets = [("fase", phase.slug, phase.name) for phase in p.phases.all()]
    if p.start_year:
        facets.append(("jaar", str(p.start_year), str(p.start_year)))
    return text, facets
