"""What the site-wide search indexes of each meetings model beyond the
common fields: (extra text, extra facets)."""

from django.utils.html import strip_tags


def _year(date):
    return [("jaar", str(date.year), str(date.year))] if date else []


def meeting(m):
    text = " ".join([m.goal, strip_tags(m.programme), strip_tags(m.outcome), m.venue])
    return text, _year(m.start_date)


def report(r):
    text = " ".join(
        [r.purpose, r.locations, r.met, r.yield_for_municipality, r.follow_up, str(r.destination)]
    )
    return text, _year(r.departure_date)


def plan(p):
    actions = " ".join(f"{a.title} {a.description}" for a in p.actions.all())
    return " ".join([p.ambition, p.support_group, actions]), []


def network(n):
    return strip_tags(n.description), []
