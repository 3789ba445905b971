from meetings.models import Meeting, MeetingAttachment
from portal.web.views import visible_to


def may_download_attachment(user, name):
    return MeetingAttachment.objects.filter(
        file=name, meeting__in=visible_to(user, Meeting)
    ).exists()
