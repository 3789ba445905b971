# The text of PDF attachments, for the search index (issue 16): the field, and
# the text of the PDFs already uploaded (new uploads get it on save). Run
# ``manage.py rebuild_search_index`` afterwards to bring it into the index.

import logging

from django.db import migrations, models

from portal.files.text import pdf_text

logger = logging.getLogger(__name__)


def extract_existing(apps, schema_editor):
    Attachment = apps.get_model("practices", "PracticeAttachment")
    for attachment in Attachment.objects.filter(file__iendswith=".pdf").iterator():
        try:
            with attachment.file.open("rb") as file:
                text = pdf_text(file)
        except OSError as error:
            logger.warning("pdf text: %s not readable (%s)", attachment.file.name, error)
            continue
        Attachment.objects.filter(pk=attachment.pk).update(text=text)


class Migration(migrations.Migration):
    dependencies = [("practices", "0008_submission_log")]

    operations = [
        migrations.AddField(
            model_name="practiceattachment",
            name="text",
            field=models.TextField(
                blank=True, editable=False, verbose_name="tekst van het bestand"
            ),
        ),
        migrations.RunPython(extract_existing, migrations.RunPython.noop, elidable=True),
    ]
