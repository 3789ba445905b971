from portal.web.views import visible_to
from practices.models import Practice, PracticeAttachment, Submission


def may_download_attachment(user, name):
    """Attachments of practices the user may see (published, or a preview)."""
    return PracticeAttachment.objects.filter(
        file=name, practice__in=visible_to(user, Practice)
    ).exists()


def may_download_submission_file(user, name):
    """Submission attachments can hold personal data: staff only."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("practices.view_submission")
        and Submission.objects.filter(attachment=name).exists()
    )
