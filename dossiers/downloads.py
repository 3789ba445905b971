"""Who may download a policy document's file: as for the document itself."""

from dossiers.models import PolicyDocument, PolicyDocumentFile
from portal.web.views import visible_to


def may_download_file(user, name):
    """Files of policy documents the user may see (published, or a preview)."""
    return PolicyDocumentFile.objects.filter(
        file=name, document__in=visible_to(user, PolicyDocument)
    ).exists()
