"""The forum and the member's own pages. Short views: the changes are in
``forum``, ``members`` and ``promotion``.

Every answer here is private (``Cache-Control: private, no-store`` through
``never_cache``): the forum never reaches the page cache, a proxy or the
browser's history. Visitors without an account are sent to the login page;
accounts that are not (yet) verified get a page that says so (403).
"""

from __future__ import annotations

import functools
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community import access, forum, members, promotion
from community.forms import (
    AnswerForm,
    DeleteAccountForm,
    MoveForm,
    ProfileForm,
    QuestionForm,
    RefuseForm,
    ReportForm,
)
from community.models import Answer, ConsentRequest, MemberProfile, Question, Report
from meetings.models import Meeting
from portal.core.models import Municipality, Theme
from portal.core.pagination import page_or_last


def private(view):
    """Never cached anywhere; the view itself decides who may see it."""
    return never_cache(view)


def members_only(view):
    """Verified members and moderators; others to the login page or, when
    logged in but not verified, to a page that explains why (403)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.may_read_forum(request.user):
            return render(
                request,
                "community/not_verified.html",
                {"profile": access.profile_of(request.user)},
                status=403,
            )
        return view(request, *args, **kwargs)

    return private(wrapped)


def moderators_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.is_moderator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return members_only(wrapped)


def logged_in(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return private(wrapped)


def _questions_for(user):
    moderator = access.is_moderator(user)
    return Question.objects.visible_to(user, moderator=moderator), moderator


# --- the forum ---------------------------------------------------------------


@members_only
def forum_index(request):
    questions, moderator = _questions_for(request.user)
    q = request.GET.get("q", "").strip()[:200]
    theme = Theme.objects.filter(slug=request.GET.get("thema") or None).first()
    municipality = Municipality.objects.filter(slug=request.GET.get("gemeente") or None).first()
    if q:
        questions = questions.matching(q)
    if theme:
        questions = questions.filter(theme=theme)
    if municipality:
        questions = questions.filter(municipality=municipality)
    questions = (
        questions.select_related("theme", "municipality", "author__member")
        .annotate(n_answers=Count("answers", filter=Q(answers__hidden=False), distinct=True))
        .order_by("-last_activity_at", "-pk")
    )
    page = page_or_last(Paginator(questions, settings.PAGINATE_BY), request.GET.get("pagina"))
    querystring = urlencode(
        [
            (name, value)
            for name, value in (
                ("q", q),
                ("thema", theme and theme.slug),
                ("gemeente", municipality and municipality.slug),
            )
            if value
        ]
    )
    return render(
        request,
        "community/forum_index.html",
        {
            "page": page,
            "querystring": querystring,
            "q": q,
            "theme": theme,
            "municipality": municipality,
            "themes": Theme.objects.order_by("name"),
            "moderator": moderator,
            "open_reports": Report.objects.filter(handled=False).count() if moderator else 0,
            "pending_members": MemberProfile.objects.pending().count()
            if access.can_verify(request.user)
            else None,
        },
    )


@members_only
def question_new(request):
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = forum.ask(author=request.user, **form.cleaned_data)
        messages.success(request, _("Uw vraag staat op het forum. U volgt hem nu."))
        return redirect(question)
    return render(request, "community/question_form.html", {"form": form})


def _question(request, pk):
    questions, _moderator = _questions_for(request.user)
    return get_object_or_404(
        questions.select_related("theme", "municipality", "author__member", "practice"), pk=pk
    )


@members_only
def question_detail(request, pk):
    return _question_page(request, _question(request, pk))


def _question_page(request, question, answer_form=None, status=200):
    moderator = access.is_moderator(request.user)
    answers = question.answers.select_related("author__member")
    if not moderator:
        answers = answers.filter(hidden=False)
    user = request.user
    return render(
        request,
        "community/question_detail.html",
        {
            "question": question,
            "answers": [{"post": a, "may_edit": forum.may_edit(a, user)} for a in answers],
            "answer_form": answer_form or AnswerForm(),
            "following": question.follows.filter(user=user).exists(),
            "may_edit": forum.may_edit(question, user),
            "may_accept": forum.may_accept(question, user),
            "moderator": moderator,
            "can_promote": promotion.can_promote(user),
            "dossiers": promotion.dossier_choices() if moderator else [],
            "consents": question.consents.select_related("user__member") if moderator else [],
            "move_form": MoveForm(
                initial={"theme": question.theme_id, "municipality": question.municipality_id}
            )
            if moderator
            else None,
            "edit_minutes": settings.FORUM_EDIT_MINUTES,
        },
        status=status,
    )


def _fail(request, error, target):
    messages.error(request, str(error))
    return redirect(target)


@members_only
def answer_new(request, pk):
    question = _question(request, pk)
    if request.method != "POST":
        return redirect(question)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _question_page(request, question, answer_form=form, status=400)
    try:
        post = forum.answer(question, author=request.user, body=form.cleaned_data["body"])
    except forum.ForumError as error:
        return _fail(request, error, question)
    messages.success(request, _("Uw antwoord is geplaatst."))
    return redirect(post)


@members_only
def question_edit(request, pk):
    question = _question(request, pk)
    if not forum.may_edit(question, request.user):
        return _fail(
            request,
            _("U kunt een bericht alleen binnen %(minutes)s minuten na plaatsen bewerken.")
            % {"minutes": settings.FORUM_EDIT_MINUTES},
            question,
        )
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        forum.edit(question, user=request.user, **form.cleaned_data)
        messages.success(request, _("Uw vraag is bijgewerkt."))
        return redirect(question)
    return render(request, "community/question_form.html", {"form": form, "question": question})


@members_only
def answer_edit(request, pk):
    post = get_object_or_404(Answer.objects.select_related("question"), pk=pk, hidden=False)
    _question(request, post.question_id)
    if not forum.may_edit(post, request.user):
        return _fail(
            request,
            _("U kunt een bericht alleen binnen %(minutes)s minuten na plaatsen bewerken.")
            % {"minutes": settings.FORUM_EDIT_MINUTES},
            post.question,
        )
    form = AnswerForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        forum.edit(post, user=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Uw antwoord is bijgewerkt."))
        return redirect(post)
    return render(request, "community/answer_form.html", {"form": form, "post": post})


@require_POST
@members_only
def accept(request, pk):
    question = _question(request, pk)
    post = None
    if request.POST.get("answer"):
        post = get_object_or_404(Answer, pk=request.POST.get("answer"), question=question)
    try:
        forum.accept(question, post, user=request.user)
    except forum.ForumError as error:
        return _fail(request, error, question)
    messages.success(request, _("Het gekozen antwoord is bijgewerkt."))
    return redirect(question)


@require_POST
@members_only
def follow(request, pk):
    question = _question(request, pk)
    on = request.POST.get("volgen") == "1"
    forum.set_follow(question, user=request.user, follow=on)
    messages.success(
        request,
        _("U volgt deze vraag: bij een nieuw antwoord krijgt u een e-mail.")
        if on
        else _("U volgt deze vraag niet meer."),
    )
    return redirect(question)


@members_only
def report(request, pk, answer_pk=None):
    question = _question(request, pk)
    post = get_object_or_404(question.answers, pk=answer_pk) if answer_pk else None
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        forum.report(
            user=request.user,
            reason=form.cleaned_data["reason"],
            question=None if post else question,
            post=post,
        )
        messages.success(request, _("Bedankt. De redactie bekijkt uw melding."))
        return redirect(question)
    return render(
        request, "community/report_form.html", {"form": form, "question": question, "post": post}
    )


# --- moderation ----------------------------------------------------------------


@require_POST
@moderators_only
def moderate(request, pk):
    question = get_object_or_404(Question, pk=pk)
    action = request.POST.get("actie")
    if action in {"verbergen", "tonen"}:
        forum.moderate(question, user=request.user, hidden=action == "verbergen")
    elif action in {"sluiten", "openen"}:
        forum.moderate(question, user=request.user, locked=action == "sluiten")
    elif action == "verplaatsen":
        form = MoveForm(request.POST)
        if not form.is_valid():
            return _fail(request, _("Kies een bestaand thema en een bestaande gemeente."), question)
        forum.moderate(question, user=request.user, **form.cleaned_data)
    else:
        return _fail(request, _("Onbekende actie."), question)
    messages.success(request, _("De vraag is bijgewerkt."))
    return redirect(question)


@require_POST
@moderators_only
def moderate_answer(request, pk):
    post = get_object_or_404(Answer.objects.select_related("question"), pk=pk)
    forum.hide_answer(post, user=request.user, hidden=request.POST.get("actie") == "verbergen")
    messages.success(request, _("Het antwoord is bijgewerkt."))
    return redirect(post.question)


@moderators_only
def reports(request):
    if request.method == "POST":
        item = get_object_or_404(Report, pk=request.POST.get("melding"))
        forum.handle_report(item, user=request.user)
        messages.success(request, _("De melding is afgehandeld."))
        return redirect("community:reports")
    items = Report.objects.filter(handled=False).select_related(
        "question", "answer__question", "reporter__member"
    )
    return render(request, "community/reports.html", {"reports": items})


@members_only
def members_pending(request):
    if not access.can_verify(request.user):
        raise Http404
    if request.method == "POST":
        profile = get_object_or_404(MemberProfile, pk=request.POST.get("lid"))
        try:
            if request.POST.get("actie") == "goedkeuren":
                members.approve(profile, actor=request.user)
                messages.success(request, _("Het lid is goedgekeurd en krijgt een e-mail."))
            else:
                form = RefuseForm(request.POST, prefix=f"lid{profile.pk}")
                if not form.is_valid():
                    raise members.MemberError(_("Geef een reden voor de afwijzing."))
                members.refuse(profile, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(
                    request, _("De aanvraag is afgewezen; de aanvrager krijgt een e-mail.")
                )
        except members.MemberError as error:
            messages.error(request, str(error))
        return redirect("community:members_pending")
    pending = MemberProfile.objects.pending().select_related("user", "municipality")
    return render(
        request,
        "community/members_pending.html",
        {"pending": [(p, RefuseForm(prefix=f"lid{p.pk}")) for p in pending]},
    )


@require_POST
@moderators_only
def promote(request, pk):
    question = get_object_or_404(Question, pk=pk)
    try:
        if request.POST.get("actie") == "toestemming-vragen":
            made = promotion.ask_consent(question, actor=request.user)
            messages.success(
                request,
                _("Toestemming gevraagd aan %(n)s deelnemer(s).") % {"n": len(made)},
            )
        elif request.POST.get("actie") == "naar-dossier":
            dossier = get_object_or_404(
                promotion.dossier_choices(), pk=request.POST.get("dossier") or 0
            )
            target = promotion.promote_to_dossier(question, dossier, actor=request.user)
            messages.success(
                request,
                _(
                    "Vraag en antwoord staan in ‘%(title)s’, nog niet openbaar: "
                    "bied het dossier aan ter beoordeling."
                )
                % {"title": dossier.title},
            )
            return redirect(reverse("admin:dossiers_themedossier_change", args=[target.pk]))
        else:
            practice = promotion.promote(question, actor=request.user)
            messages.success(
                request,
                _(
                    "Concept-praktijkvoorbeeld ‘%(title)s’ gemaakt; werk het verder uit in het beheer."
                )
                % {"title": practice.title},
            )
            return redirect(reverse("admin:practices_practice_change", args=[practice.pk]))
    except promotion.PromotionError as error:
        messages.error(request, str(error))
    return redirect(question)


@logged_in
def consents(request):
    if request.method == "POST":
        item = get_object_or_404(ConsentRequest, pk=request.POST.get("verzoek"), user=request.user)
        promotion.answer_consent(item, user=request.user, give=request.POST.get("antwoord") == "ja")
        messages.success(request, _("Uw antwoord is opgeslagen."))
        return redirect("community:consents")
    items = ConsentRequest.objects.filter(user=request.user).select_related("question")
    return render(request, "community/consents.html", {"items": items})


@require_POST
@members_only
def meeting_participation(request, pk):
    meeting = get_object_or_404(Meeting.objects.published(), pk=pk)
    members.set_meeting_participation(
        request.user, meeting, take_part=request.POST.get("deelname") == "1"
    )
    messages.success(request, _("Uw deelname is bijgewerkt."))
    return redirect(meeting.get_absolute_url() + "#deelnemers")


# --- the member's own pages (/account/) -------------------------------------


@logged_in
def profile(request):
    member = access.profile_of(request.user)
    if member is None:
        raise Http404
    form = ProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        members.update_profile(member, **form.cleaned_data)
        messages.success(request, _("Uw gegevens zijn opgeslagen."))
        return redirect("members:profile")
    return render(request, "community/profile.html", {"form": form, "member": member})


@logged_in
def export(request):
    data = json.dumps(members.export_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@logged_in
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            members.delete_account(request.user)
        except members.MemberError as error:
            messages.error(request, str(error))
            return redirect("members:profile")
        request.session.flush()
        return redirect("members:deleted")
    return render(request, "community/delete.html", {"form": form})


@private
def deleted(request):
    return render(request, "community/deleted.html")
