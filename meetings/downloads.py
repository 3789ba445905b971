"""Who may download a meeting's or travel report's attachment: whoever may
see the item it belongs to (``visible_to``)."""

from meetings.models import Meeting, MeetingAttachment, TravelReport, TravelReportAttachment
from portal.web.views import visible_to


def may_download_attachment(user, name):
    return MeetingAttachment.objects.filter(
        file=name, meeting__in=visible_to(user, Meeting)
    ).exists()


def may_download_report_attachment(user, name):
    return TravelReportAttachment.objects.filter(
        file=name, report__in=visible_to(user, TravelReport)
    ).exists()
