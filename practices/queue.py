from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practices.models import Adoption, Practice, Submission


def queue_sections(user):
    sections = []
    if user.has_perm("practices.view_submission"):
        rows = [
            {
                "label": f"{s.reference} – {s.title}",
                "url": reverse("admin:practices_submission_change", args=[s.pk]),
                "since": s.created_at,
                "note": s.get_status_display(),
            }
            for s in Submission.objects.open().order_by("created_at")
        ]
        sections.append({"key": "submissions", "title": _("Nieuwe inzendingen"), "rows": rows})
    if user.has_perm("practices.change_adoption"):
        rows = [
            {
                "label": f"{a.municipality} – {a.practice.title}",
                "url": reverse("admin:practices_adoption_change", args=[a.pk]),
                "since": a.submitted_at,
                "note": a.get_status_display(),
            }
            for a in Adoption.objects.filter(status=Adoption.Status.NEW)
            .select_related("municipality", "practice")
            .order_by("submitted_at")
        ]
        sections.append({"key": "adoptions", "title": _("Meldingen van overnames"), "rows": rows})
    if user.has_perm("practices.change_practice"):
        overdue = Practice.objects.published().filter(review_before__lt=timezone.localdate())
        rows = [
            {
                "label": str(p),
                "url": reverse("admin:practices_practice_change", args=[p.pk]),
                "since": p.publish_at,
                "note": _("controleren vóór %(date)s")
                % {"date": p.review_before.strftime("%d-%m-%Y")},
            }
            for p in overdue.order_by("review_before")
        ]
        sections.append({"key": "overdue", "title": _("Te controleren (verlopen)"), "rows": rows})
    return sections
