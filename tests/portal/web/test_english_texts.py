"""English versions of the other visitor-facing texts (issue 21, point 3):
the at-a-glance texts of a practice, a meeting's aim, programme and outcome,
a travel report's answers, an action plan's ambition and actions, a
dossier's arguments, findings and questions. Editors fill them in the folded
"Engelse vertaling" fieldset (a row's twins in the row); pending changes copy
and merge them, rows included; the English page shows them, the Dutch page
never does. Names (partners, venue, department, support group, sources) have
no twin."""

import pytest
from django.urls import reverse

from dossiers.models import DossierQuestion, ThemeDossier
from meetings.models import Action, ActionPlan, Meeting, TravelReport
from portal.editorial import changes, workflow
from practices.models import Practice
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    DossierQuestionFactory,
    MeetingFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

TWINS = {
    Practice: [
        "outreach",
        "contact_role",
        "cost_note",
        "time_investment",
        "results",
        "requirements",
    ],
    Meeting: ["goal", "programme", "outcome"],
    TravelReport: [
        "duration",
        "purpose",
        "locations",
        "met",
        "yield_for_municipality",
        "follow_up",
    ],
    ActionPlan: ["ambition"],
    ThemeDossier: ["arguments_parents", "arguments_heads"],
    Action: ["title", "description", "owner_role"],
    DossierQuestion: ["question", "answer"],
}
NAMES = {
    Practice: ["partners", "evidence_source"],
    Meeting: ["venue"],
    TravelReport: ["author_department"],
    ActionPlan: ["support_group"],
}


def field_names(model):
    return {f.name for f in model._meta.concrete_fields}


def test_every_visitor_text_of_the_six_types_has_an_english_twin_and_names_do_not():
    for model, names in TWINS.items():
        for name in names:
            assert f"{name}_en" in field_names(model), (model, name)
    for model, names in NAMES.items():
        for name in names:
            assert f"{name}_en" not in field_names(model), (model, name)


def fieldset(html, legend):
    start = html.index(f">{legend}<")
    return html[start : html.index("</fieldset>", start)]


@pytest.mark.parametrize(
    ("url", "twins", "rows"),
    [
        ("admin:practices_practice_add", TWINS[Practice], []),
        ("admin:meetings_meeting_add", TWINS[Meeting], []),
        ("admin:meetings_travelreport_add", TWINS[TravelReport], []),
        ("admin:meetings_actionplan_add", TWINS[ActionPlan], ["actions-0-title_en"]),
        (
            "admin:dossiers_themedossier_add",
            TWINS[ThemeDossier],
            ["questions-__prefix__-question_en", "evidence-__prefix__-statement_en"],
        ),
    ],
)
def test_the_admin_shows_the_twins_in_the_folded_english_fieldset(
    client, eindredacteur, url, twins, rows
):
    client.force_login(eindredacteur)
    html = client.get(reverse(url)).content.decode()
    english = fieldset(html, "Engelse vertaling")
    for name in ["title", *twins]:
        assert f'name="{name}_en"' in english, name
    assert 'name="title"' not in english
    for name in rows:
        assert f'name="{name}"' in html, name


def test_a_pending_change_carries_the_english_texts_of_its_rows(client, redacteur, eindredacteur):
    plan = ActionPlanFactory(published=True, ambition="Meer ouders", ambition_en="More parents")
    ActionFactory(plan=plan, title="Ouderkamer", title_en="Parents' room")
    change = changes.start_change(plan, actor=redacteur)
    assert change.ambition_en == "More parents"
    row = change.actions.get()
    assert row.title_en == "Parents' room"
    row.title_en = "A room for parents"
    row.save()
    change.save()
    assert "actions" in changes.changed_names(change)
    page = f"/en{plan.get_absolute_url()}"
    assert "A room for parents" not in client.get(page).content.decode()
    workflow.submit(change, actor=redacteur)
    change.refresh_from_db()
    workflow.publish(change, actor=eindredacteur)
    assert plan.actions.get().title_en == "A room for parents"
    assert "A room for parents" in client.get(page).content.decode()


def test_english_page_shows_the_twins_and_the_dutch_page_never(client):
    practice = PracticeFactory(
        published=True,
        results="Meer ouders op school.",
        results_en="More parents at school.",
        time_investment="Twee uur per week.",
    )
    english = client.get(f"/en{practice.get_absolute_url()}").content.decode()
    assert "<span>More parents at school.</span>" in english
    assert '<dd><span lang="nl">Twee uur per week.</span></dd>' in english
    dutch = client.get(practice.get_absolute_url()).content.decode()
    assert "More parents" not in dutch and "<span>Meer ouders op school.</span>" in dutch
    meeting = MeetingFactory(published=True, goal="Leren.", goal_en="Learning.")
    assert "<p>Learning.</p>" in client.get(f"/en{meeting.get_absolute_url()}").content.decode()
    assert "<p>Leren.</p>" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_dossier_question_in_english_where_it_has_one(client):
    question = DossierQuestionFactory(
        dossier__published=True,
        question="Hoe bereik je vaders?",
        question_en="How do you reach fathers?",
        answer="Met een vaderavond.",
    )
    html = client.get(f"/en{question.dossier.get_absolute_url()}").content.decode()
    assert "<dt>How do you reach fathers?</dt>" in html
    assert '<span lang="nl">Met een vaderavond.</span>' in html
