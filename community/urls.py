"""The forum (/forum/), for verified members only."""

from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.forum_index, name="forum"),
    path("vraag/nieuw/", views.question_new, name="question_new"),
    path("vraag/<int:pk>/", views.question_detail, name="question"),
    path("vraag/<int:pk>/bewerken/", views.question_edit, name="question_edit"),
    path("vraag/<int:pk>/antwoorden/", views.answer_new, name="answer_new"),
    path("vraag/<int:pk>/kiezen/", views.accept, name="accept"),
    path("vraag/<int:pk>/volgen/", views.follow, name="follow"),
    path("vraag/<int:pk>/melden/", views.report, name="report"),
    path("vraag/<int:pk>/melden/<int:answer_pk>/", views.report, name="report_answer"),
    path("vraag/<int:pk>/beheer/", views.moderate, name="moderate"),
    path("vraag/<int:pk>/naar-praktijk/", views.promote, name="promote"),
    path("antwoord/<int:pk>/bewerken/", views.answer_edit, name="answer_edit"),
    path("antwoord/<int:pk>/beheer/", views.moderate_answer, name="moderate_answer"),
    path("meldingen/", views.reports, name="reports"),
    path("leden/aanvragen/", views.members_pending, name="members_pending"),
    path("toestemming/", views.consents, name="consents"),
    path("bijeenkomst/<int:pk>/deelname/", views.meeting_participation, name="participation"),
]
