"""OutgoingMail.headers: extra header lines a mail carries (the alerts'
List-Unsubscribe and List-Unsubscribe-Post, RFC 8058)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("portal", "0015_municipality_size_class")]

    operations = [
        migrations.AddField(
            model_name="outgoingmail",
            name="headers",
            field=models.JSONField(blank=True, default=dict, verbose_name="kopregels"),
        ),
    ]
