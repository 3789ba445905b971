"""What the site-wide search indexes of each meetings model beyond the
common fields (title, summary, body, and the names of its municipalities,
themes and the municipalities it names: ``portal.search.index.build_document``):
(extra text, extra facets). Every text a visitor reads on the item's page is
here; rich text as plain text with its block boundaries (``html_to_text``).
The rows of an item (``CHANGE_CHILDREN``: a meeting's attachments, a plan's
actions) are read here and followed by the index."""

from django.conf import settings

from meetings.models import Meeting, MeetingPoint
from portal.core.richtext import html_to_text
from portal.core.translations import field_in
from portal.search.index import join_text


def _year(item):
    """The year facet: the year the item happened, when known."""
    date = item.event_period().sort_date
    return [("jaar", str(date.year), str(date.year))] if date else []


def meeting(m):
    text = join_text(
        m.get_method_display(),
        m.network.name if m.network_id else "",
        m.venue,
        m.goal,
        html_to_text(m.programme),
        html_to_text(m.outcome),
        *(p.text for p in m.points.all()),
        *(join_text(a.title, a.text) for a in m.attachments.all()),
        *(link.title for link in m.links.all()),
    )
    return text, _year(m)


def report(r):
    """Every answer to the questions of the municipal template
    (``TravelReport.TEMPLATE_QUESTIONS``), the writer's department and the
    linked meeting's title (the index re-reads it when the meeting is saved)."""
    answers = [getattr(r, question) for question in r.TEMPLATE_QUESTIONS]
    meeting = r.public_meeting  # its title only while the public may see it
    text = join_text(
        r.author_department,
        meeting.title if meeting else "",
        *answers,
        *(join_text(a.title, a.text) for a in r.attachments.all()),
        *(link.title for link in r.links.all()),
    )
    return text, _year(r)


def plan(p):
    actions = (join_text(a.title, a.description, a.owner_role) for a in p.actions.all())
    return join_text(p.network.name, p.ambition, p.support_group, *actions), []


def network(n):
    return html_to_text(n.description), []


def points_naming(municipality):
    """The points of public meetings that name ``municipality`` (a tip, an
    activity), for its page: ``portal.core.registry.register_mentions``."""
    points = MeetingPoint.objects.filter(
        municipality=municipality, meeting__in=Meeting.objects.published()
    ).select_related("meeting")
    rows = []
    for point in points.order_by("meeting__event_date", "position", "id"):
        source, source_language = field_in(point.meeting, "title")
        rows.append(
            {
                "text": point.text,
                "language": settings.LANGUAGE_CODE,  # a point exists only in Dutch
                "url": point.get_absolute_url(),
                "source": source,
                "source_language": source_language,
            }
        )
    return rows
