"""The steps of a public submission (practices.intake): each checks the
right first, then the status on the locked row, writes a SubmissionLog row
and sends mail only after the commit."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from portal.core.models import Status
from portal.editorial.roles import REDACTIE
from practices import intake
from practices.forms import SubmissionForm
from practices.models import EducationPhase, Practice, Submission, SubmissionLog

pytestmark = pytest.mark.django_db

NEW, IN_PROGRESS = Submission.Status.NEW, Submission.Status.IN_PROGRESS
CONVERTED, REJECTED = Submission.Status.CONVERTED, Submission.Status.REJECTED


def make_submission(**fields):
    """A submission as ``receive`` leaves it (without the mail)."""
    values = {
        "title": "Ouderkamer in de wijk",
        "story": "Wij openden een ouderkamer.\n\nOuders komen nu elke week.",
        "organisation": "Basisschool De Linde",
        "role": "Intern begeleider",
        "name": "Łucja Öztürk",
        "email": "lucja@example.org",
        "phone": "030 123 45 67",
        "form_token": uuid.uuid4(),
        "consent_at": timezone.now(),
        **fields,
    }
    return Submission.objects.create(**values)


def log_rows(submission):
    return list(
        SubmissionLog.objects.filter(submission=submission)
        .order_by("id")
        .values_list("from_status", "to_status", "actor__username", "comment")
    )


@pytest.fixture
def handler_only(make_user):
    """Staff who may handle submissions but not create practices."""
    user = make_user("behandelaar")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "change_submission"])
    )
    return user


# receive


def test_receive_saves_logs_and_mails_after_commit(
    valid, redacteur, django_capture_on_commit_callbacks
):
    redacteur.email = "redactie@example.org"
    redacteur.save()
    form = SubmissionForm(valid)
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks() as callbacks:
        submission, created = intake.receive(form=form)
    assert created and submission.status == NEW and submission.consent_at
    assert log_rows(submission) == [("", NEW, None, "")]
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["lucja@example.org", "redactie@example.org"]


def test_receive_twice_with_one_token_keeps_one_submission_and_one_log_row(valid):
    first, created = intake.receive(form=_valid_form(valid))
    again, created_again = intake.receive(form=_valid_form(valid))
    assert (created, created_again) == (True, False)
    assert again == first
    assert Submission.objects.count() == 1 and SubmissionLog.objects.count() == 1


def _valid_form(data):
    form = SubmissionForm(data)
    assert form.is_valid(), form.errors
    return form


# start_handling


@pytest.mark.parametrize("who", ["staff_without_group", "anonymous", "nobody", "inactive"])
def test_start_handling_refuses_without_the_right_and_changes_nothing(who, request, make_user):
    actor = {
        "staff_without_group": lambda: request.getfixturevalue("staff_without_group"),
        "anonymous": AnonymousUser,
        "nobody": lambda: None,
        "inactive": lambda: make_user("weg", groups=[REDACTIE], active=False),
    }[who]()
    submission = make_submission()
    with pytest.raises(intake.SubmissionNotAllowed) as refused:
        intake.start_handling(submission, actor=actor)
    assert str(refused.value) == "U hebt geen recht om inzendingen te behandelen."
    submission.refresh_from_db()
    assert submission.status == NEW and submission.handled_by is None
    assert log_rows(submission) == []


def test_start_handling_takes_a_new_submission_in_hand_and_logs_it(redacteur):
    submission = make_submission()
    assert intake.start_handling(submission, actor=redacteur) is submission
    submission.refresh_from_db()
    assert (submission.status, submission.handled_by) == (IN_PROGRESS, redacteur)
    assert log_rows(submission) == [(NEW, IN_PROGRESS, "redacteur", "")]


def test_start_handling_checks_the_stored_status_not_a_stale_copy(redacteur, eindredacteur):
    submission = make_submission()
    stale = Submission.objects.get(pk=submission.pk)
    intake.start_handling(submission, actor=redacteur)
    with pytest.raises(intake.SubmissionError) as refused:
        intake.start_handling(stale, actor=eindredacteur)
    assert str(refused.value) == "Deze inzending is al in behandeling of afgehandeld."
    assert stale.status == IN_PROGRESS  # brought up to date with the row
    assert Submission.objects.get(pk=submission.pk).handled_by == redacteur
    assert len(log_rows(submission)) == 1


# convert


def test_convert_needs_the_right_to_create_practices(handler_only):
    submission = make_submission()
    with pytest.raises(intake.SubmissionNotAllowed) as refused:
        intake.convert(submission, actor=handler_only)
    assert "geen recht" in str(refused.value)
    assert Practice.objects.count() == 0 and log_rows(submission) == []


@pytest.mark.parametrize("status", [CONVERTED, REJECTED])
def test_convert_refuses_a_handled_submission(redacteur, status):
    submission = make_submission(status=status)
    with pytest.raises(intake.SubmissionError) as refused:
        intake.convert(submission, actor=redacteur)
    assert str(refused.value) == "Deze inzending is al afgehandeld."
    assert Practice.objects.count() == 0 and log_rows(submission) == []


@pytest.mark.parametrize("status", [NEW, IN_PROGRESS])
def test_convert_makes_a_draft_practice_and_logs_it(redacteur, status):
    submission = make_submission(
        status=status, attachment=SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n")
    )
    submission.phases.set(EducationPhase.objects.all()[:1])
    practice = intake.convert(submission, actor=redacteur)
    assert practice.status == Status.DRAFT and practice.created_by == redacteur
    assert list(practice.phases.all()) == list(EducationPhase.objects.all()[:1])
    assert practice.attachments.get().file.read() == b"%PDF-1.7\n"
    submission.refresh_from_db()
    assert (submission.status, submission.practice) == (CONVERTED, practice)
    assert submission.handled_at is not None
    assert log_rows(submission) == [
        (
            status,
            CONVERTED,
            "redacteur",
            "Omgezet naar het concept-praktijkvoorbeeld ‘Ouderkamer in de wijk’.",
        )
    ]
    assert mail.outbox == []


# reject


def test_reject_checks_the_right_before_the_reason(staff_without_group):
    submission = make_submission()
    with pytest.raises(intake.SubmissionNotAllowed):
        intake.reject(submission, actor=staff_without_group, reason="")


def test_reject_needs_a_reason(redacteur):
    submission = make_submission()
    with pytest.raises(intake.SubmissionError) as refused:
        intake.reject(submission, actor=redacteur, reason="   ")
    assert str(refused.value) == "Geef een reden voor de afwijzing."
    assert Submission.objects.get(pk=submission.pk).status == NEW
    assert log_rows(submission) == []


@pytest.mark.parametrize("status", [CONVERTED, REJECTED])
def test_reject_refuses_a_handled_submission(redacteur, status):
    submission = make_submission(status=status)
    with pytest.raises(intake.SubmissionError) as refused:
        intake.reject(submission, actor=redacteur, reason="Past niet.", notify_submitter=True)
    assert str(refused.value) == "Deze inzending is al afgehandeld."
    assert log_rows(submission) == []
    assert mail.outbox == []


def test_reject_logs_the_reason_and_mails_the_submitter_only_after_commit(
    redacteur, django_capture_on_commit_callbacks
):
    submission = make_submission(status=IN_PROGRESS)
    with django_capture_on_commit_callbacks() as callbacks:
        intake.reject(
            submission, actor=redacteur, reason="  Geen ouderbetrokkenheid. ", notify_submitter=True
        )
    submission.refresh_from_db()
    assert submission.status == REJECTED
    assert submission.rejection_reason == "Geen ouderbetrokkenheid."
    assert log_rows(submission) == [
        (IN_PROGRESS, REJECTED, "redacteur", "Geen ouderbetrokkenheid.")
    ]
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["lucja@example.org"]]
    assert mail.outbox[0].subject == f"Over uw inzending {submission.reference}"
    assert "Geen ouderbetrokkenheid." in mail.outbox[0].body


@pytest.mark.parametrize("notify,email", [(False, "lucja@example.org"), (True, "")])
def test_reject_sends_no_mail_unless_asked_and_possible(
    redacteur, django_capture_on_commit_callbacks, notify, email
):
    submission = make_submission(email=email)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        intake.reject(submission, actor=redacteur, reason="Past niet.", notify_submitter=notify)
    assert callbacks == [] and mail.outbox == []


# purge_personal_data


def test_purge_logs_each_purged_submission_once(redacteur):
    old = make_submission()
    intake.reject(old, actor=redacteur, reason="x")
    open_one = make_submission()
    Submission.objects.filter(pk=old.pk).update(
        handled_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert intake.purge_personal_data(older_than_days=365) == 1
    assert intake.purge_personal_data(older_than_days=365) == 0
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.status) == ("", "", "", REJECTED)
    assert log_rows(old)[-1] == (
        REJECTED,
        REJECTED,
        None,
        "Persoonsgegevens verwijderd: de bewaartermijn is verstreken.",
    )
    assert len(log_rows(old)) == 2
    assert log_rows(open_one) == []


# Each step is a transaction of its own.


@pytest.mark.django_db(transaction=True)
def test_a_step_refuses_to_run_inside_another_transaction(redacteur):
    submission = make_submission()
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        intake.start_handling(submission, actor=redacteur)
    assert Submission.objects.get(pk=submission.pk).status == NEW


# What the admin offers: the steps the user may take now.


@pytest.mark.parametrize(
    "status,steps",
    [
        (NEW, ["start_handling", "convert", "reject"]),
        (IN_PROGRESS, ["convert", "reject"]),
        (CONVERTED, []),
        (REJECTED, []),
    ],
)
def test_available_steps_follow_the_status(redacteur, status, steps):
    assert intake.available_steps(make_submission(status=status), redacteur) == steps


def test_available_steps_follow_the_rights(handler_only, staff_without_group):
    submission = make_submission()
    assert intake.available_steps(submission, handler_only) == ["start_handling", "reject"]
    assert intake.available_steps(submission, staff_without_group) == []
    assert intake.available_steps(submission, None) == []


def test_admin_page_shows_the_steps_and_the_log(client, redacteur):
    submission = make_submission()
    intake.start_handling(submission, actor=redacteur)
    client.force_login(redacteur)
    html = client.get(
        reverse("admin:practices_submission_change", args=[submission.pk])
    ).content.decode()
    assert "Geschiedenis van deze inzending" in html
    assert "In behandeling nemen" not in html  # already in hand
    assert "Omzetten naar praktijkvoorbeeld" in html and "Afwijzen" in html


def test_admin_page_offers_no_steps_to_who_may_only_look(client, staff_without_group):
    staff_without_group.user_permissions.add(Permission.objects.get(codename="view_submission"))
    submission = make_submission()
    client.force_login(staff_without_group)
    html = client.get(
        reverse("admin:practices_submission_change", args=[submission.pk])
    ).content.decode()
    assert 'id="handle-submission"' not in html
    assert "Geschiedenis van deze inzending" in html


@pytest.mark.parametrize("action", ["start", "convert", "reject"])
def test_admin_handle_view_refuses_who_may_only_look(client, staff_without_group, action):
    staff_without_group.user_permissions.add(Permission.objects.get(codename="view_submission"))
    submission = make_submission()
    client.force_login(staff_without_group)
    url = reverse("admin:practices_submission_handle", args=[submission.pk, action])
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert Submission.objects.get(pk=submission.pk).status == NEW


def test_admin_convert_without_the_right_to_create_practices_is_refused(client, handler_only):
    submission = make_submission()
    client.force_login(handler_only)
    url = reverse("admin:practices_submission_handle", args=[submission.pk, "convert"])
    assert client.post(url).status_code == 403
    assert Practice.objects.count() == 0


def test_admin_shows_a_step_from_the_wrong_status_as_an_error(client, redacteur):
    submission = make_submission(status=CONVERTED)
    client.force_login(redacteur)
    url = reverse("admin:practices_submission_handle", args=[submission.pk, "reject"])
    response = client.post(url, {"reason": "Past niet."}, follow=True)
    assert "Deze inzending is al afgehandeld." in response.content.decode()


def test_state_changing_model_methods_are_not_callable_from_templates():
    phase = EducationPhase(name="Nieuwe fase")
    practice = Practice(title="X")
    Template("{{ phase.save }}{{ practice.on_published }}").render(
        Context({"phase": phase, "practice": practice})
    )
    assert phase.pk is None and practice.reviewed_on is None
