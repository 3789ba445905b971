"""Everything a visitor reads is searchable (issue 16.1, issue 22.1 and 22.2):
what each kind's document holds (portal.search.index.build_document with the
apps' search_extra), and that changes of an item's rows, terms and the items
it points at reach its document after the commit."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from meetings.models import Action, ActionPlan, MeetingAttachment, TravelReport
from portal.core.models import Theme
from portal.editorial import workflow
from portal.search import index
from portal.search.models import SearchDocument
from portal.search.query import run_search
from practices.models import EducationPhase, PracticeAttachment, PracticeLink, TargetGroup
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MeetingFactory,
    NetworkFactory,
    PracticeFactory,
    TravelReportFactory,
    municipality,
)
from tests.portal.files.pdfs import make_pdf

pytestmark = pytest.mark.django_db


def document(item):
    return SearchDocument.objects.get(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )


def found(query):
    return {doc.title for doc in run_search(query, {}, 1).page.object_list}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- what each kind's document holds -----------------------------------------------


def test_practice_document_holds_every_public_text(committed):
    with committed():
        practice = PracticeFactory(
            published=True,
            body="<h2>Aanpak</h2><ul><li>Eerste stap.</li><li>Tweede stap</li></ul>",
            outreach="Huisbezoeken door sleutelfiguren.",
            partners="Bibliotheek\nConsultatiebureau",
            contact_role="Beleidsadviseur onderwijs, gemeente Breda",
            municipalities=[municipality("GM0758")],
            themes=[Theme.objects.get(slug="vve-en-taal")],
            phases=[EducationPhase.objects.get(slug="voortgezet-onderwijs")],
            target_groups=[TargetGroup.objects.get(slug="moeilijk-bereikbare-ouders")],
        )
        PracticeLink.objects.create(
            practice=practice, title="Website van de Boekstart", url="https://example.org/"
        )
        PracticeAttachment.objects.create(
            practice=practice,
            title="Afsprakenkaart",
            file=SimpleUploadedFile("kaart.pdf", make_pdf("Wederzijdse verwachtingen vastgelegd")),
        )
    doc = document(practice)
    for name in [
        "Breda",
        "Noord-Brabant",
        "VVE en taal",
        "Voortgezet onderwijs",
        "Moeilijk bereikbare ouders",
    ]:
        assert name in doc.names
    for text in [
        "Aanpak\nEerste stap.\nTweede stap",
        "Huisbezoeken door sleutelfiguren.",
        "Bibliotheek\nConsultatiebureau",
        "Beleidsadviseur onderwijs, gemeente Breda",
        "Website van de Boekstart",
        "Afsprakenkaart",
        "Wederzijdse verwachtingen vastgelegd",
    ]:
        assert text in doc.body_text


def test_meeting_document_holds_goal_programme_outcome_and_attachments(committed):
    network = NetworkFactory(name="URBACT PREVENT")
    with committed():
        meeting = MeetingFactory(
            published=True,
            network=network,
            host_municipality=municipality("GM0518"),
            venue="Stadhuis Nantes",
            goal="Gemeenten verbinden rond ouderbetrokkenheid.",
            programme="<ul><li>Opening.</li><li>Groepsgesprekken</li></ul>",
            outcome="<h3>Tips</h3><ul><li>Verleiden, niet verplichten.</li><li>Kwartiermakers</li></ul>",
        )
        MeetingAttachment.objects.create(
            meeting=meeting,
            title="Presentatie Breda",
            file=SimpleUploadedFile("breda.pdf", make_pdf("Leeropbrengsten en voorlezen")),
        )
    doc = document(meeting)
    for name in ["'s-Gravenhage", "Den Haag", "Zuid-Holland"]:  # the host municipality
        assert name in doc.names
    for text in [
        "URBACT PREVENT",
        "Stadhuis Nantes",
        "Gemeenten verbinden rond ouderbetrokkenheid.",
        "Opening.\nGroepsgesprekken",
        "Tips\nVerleiden, niet verplichten.\nKwartiermakers",
        "Presentatie Breda",
        "Leeropbrengsten en voorlezen",
    ]:
        assert text in doc.body_text


def test_travel_report_document_holds_every_template_answer():
    meeting = MeetingFactory(published=True, title="Werkbezoek Eurocities")
    answers = {
        "travellers": 3,
        "duration": "Drie dagen en een ochtend",
        "purpose": "Leren hoe Gent ouders bereikt.",
        "locations": "Een brede school in de wijk.",
        "met": "Opbouwwerkers en schoolleiders.",
        "yield_for_municipality": "Een plan voor ouderconsulenten.",
        "follow_up": "Terugbezoek in het najaar.",
    }
    assert set(answers) == set(TravelReport.TEMPLATE_QUESTIONS)
    report = TravelReportFactory(
        published=True, meeting=meeting, author_department="Dienst Onderwijs", **answers
    )
    doc = document(report)
    for answer in answers.values():
        assert str(answer) in doc.body_text
    assert "Dienst Onderwijs" in doc.body_text and "Werkbezoek Eurocities" in doc.body_text
    assert "Gent" in doc.names and "Den Haag" in doc.names  # destination, author's municipality


def test_travel_report_names_its_meeting_only_while_the_meeting_is_public(committed, eindredacteur):
    meeting = MeetingFactory(title="Nog geheime bijeenkomst")
    report = TravelReportFactory(published=True, meeting=meeting)
    assert "Nog geheime bijeenkomst" not in document(report).body_text
    with committed():
        workflow.submit(meeting, actor=eindredacteur)
        workflow.publish(meeting, actor=eindredacteur)
    assert "Nog geheime bijeenkomst" in document(report).body_text


def test_action_plan_document_holds_ambition_support_group_and_actions(committed):
    with committed():
        plan = ActionPlanFactory(
            published=True,
            network__name="URBACT PREVENT",
            ambition="Minder schooluitval door betrokken ouders.",
            support_group="Stichting Mooi\nROC Mondriaan",
        )
        ActionFactory(
            plan=plan,
            title="Haags Model Ouderbetrokkenheid",
            description="Scholen werken met één model.",
            owner_role="Dienst OCW",
        )
    doc = document(plan)
    for text in [
        "URBACT PREVENT",
        "Minder schooluitval door betrokken ouders.",
        "Stichting Mooi\nROC Mondriaan",
        "Haags Model Ouderbetrokkenheid",
        "Scholen werken met één model.",
        "Dienst OCW",
    ]:
        assert text in doc.body_text
    assert "Den Haag" in doc.names  # the plan's municipality


def test_network_document_holds_description_and_lead_municipality():
    network = NetworkFactory(
        description="<p>Zeven steden.</p><p>Samen tegen schooluitval</p>",
        lead_municipality=municipality("GM0344"),
    )
    doc = document(network)
    assert "Zeven steden.\nSamen tegen schooluitval" in doc.body_text
    assert "Utrecht" in doc.names


def test_attachment_text_is_bounded_in_the_document(committed, monkeypatch):
    monkeypatch.setattr(index, "MAX_BODY_CHARS", 60)
    with committed():
        practice = PracticeFactory(published=True, body="<p>Eigen tekst eerst.</p>")
        PracticeAttachment.objects.create(
            practice=practice,
            title="Lang",
            file=SimpleUploadedFile("lang.pdf", make_pdf("woord " * 200)),
        )
    body = document(practice).body_text
    assert body.startswith("Eigen tekst eerst.") and len(body) == 60


# --- rows, terms and pointed-at items reach the document -----------------------------


def test_rows_added_changed_and_deleted_after_publishing_reach_the_document(committed):
    plan = ActionPlanFactory(published=True)
    with committed():
        action = ActionFactory(plan=plan, title="Voorleesexpress uitbreiden")
    assert "Voorleesexpress uitbreiden" in document(plan).body_text
    with committed():
        action.title = "Ouderkamers openen"
        action.save()
    body = document(plan).body_text
    assert "Ouderkamers openen" in body and "Voorleesexpress" not in body
    with committed():
        action.delete()
    assert "Ouderkamers" not in document(plan).body_text


def test_rows_reach_the_document_only_after_the_commit(django_capture_on_commit_callbacks):
    plan = ActionPlanFactory(published=True)
    with django_capture_on_commit_callbacks() as callbacks:
        ActionFactory(plan=plan, title="Voorleesexpress uitbreiden")
        assert "Voorleesexpress" not in document(plan).body_text
    for callback in callbacks:
        callback()
    assert "Voorleesexpress" in document(plan).body_text


def test_many_rows_in_one_transaction_reindex_the_item_once(committed, monkeypatch):
    plan = ActionPlanFactory(published=True)
    calls = []
    real = index.index_pks
    monkeypatch.setattr(
        index, "index_pks", lambda kind, pks: calls.append(list(pks)) or real(kind, pks)
    )
    with committed():
        for n in range(5):
            ActionFactory(plan=plan, title=f"Actie nummer {n}")
    assert calls == [[plan.pk]]
    assert "Actie nummer 4" in document(plan).body_text


def test_links_and_attachments_of_practices_and_meetings_are_followed(committed):
    practice = PracticeFactory(published=True)
    meeting = MeetingFactory(published=True)
    with committed():
        link = PracticeLink.objects.create(
            practice=practice, title="Ouderportaal", url="https://example.org/"
        )
        attachment = MeetingAttachment.objects.create(
            meeting=meeting,
            title="Verslag",
            file=SimpleUploadedFile("verslag.pdf", make_pdf("Groepsconsulten bij de JGZ")),
        )
    assert "Ouderportaal" in document(practice).body_text
    assert "Groepsconsulten bij de JGZ" in document(meeting).body_text
    with committed():
        link.delete()
        attachment.delete()
    assert "Ouderportaal" not in document(practice).body_text
    assert "Groepsconsulten" not in document(meeting).body_text


def test_deleting_an_item_with_rows_removes_its_document(committed):
    plan = ActionPlanFactory(published=True)
    ActionFactory(plan=plan)
    pk = plan.pk
    with committed():
        plan.delete()
    assert not ActionPlan.objects.filter(pk=pk).exists() and not Action.objects.exists()
    assert not SearchDocument.objects.filter(kind="plans", object_id=pk).exists()


def test_rows_of_a_pending_change_do_not_touch_the_live_document(committed, eindredacteur):
    plan = ActionPlanFactory(published=True)
    change = workflow.start_change(plan, actor=eindredacteur)
    with committed():
        ActionFactory(plan=change, title="Nog niet goedgekeurd")
    assert "Nog niet goedgekeurd" not in document(plan).body_text
    assert not SearchDocument.objects.filter(kind="plans", object_id=change.pk).exists()


def test_term_lists_changed_from_either_side_reach_the_document(committed):
    practice = PracticeFactory(published=True)
    group = TargetGroup.objects.get(slug="laaggeletterde-ouders")
    practice.target_groups.add(group)
    assert "Laaggeletterde ouders" in document(practice).names
    practice.target_groups.remove(group)
    assert "Laaggeletterde ouders" not in document(practice).names
    group.practices.add(practice)
    assert "Laaggeletterde ouders" in document(practice).names
    group.practices.remove(practice)
    assert "Laaggeletterde ouders" not in document(practice).names
    group.practices.add(practice)
    with committed():
        group.practices.clear()
    assert "Laaggeletterde ouders" not in document(practice).names


def test_renamed_or_deleted_term_reaches_the_document(committed):
    phase = EducationPhase.objects.create(name="Kinderopvang", slug="kinderopvang")
    practice = PracticeFactory(published=True, phases=[phase])
    assert "Kinderopvang" in document(practice).names
    phase.name = "Peuteropvang"
    phase.save()
    assert "Peuteropvang" in document(practice).names
    with committed():
        phase.delete()
    assert "Peuteropvang" not in document(practice).names


def test_renamed_network_reaches_its_meetings_and_plans(committed):
    network = NetworkFactory(name="Oude naam")
    meeting = MeetingFactory(published=True, network=network)
    plan = ActionPlanFactory(published=True, network=network)
    with committed():
        network.name = "Eurocities Onderwijs"
        network.save()
    assert "Eurocities Onderwijs" in document(meeting).body_text
    assert "Eurocities Onderwijs" in document(plan).body_text


def test_deleted_meeting_leaves_its_travel_reports(committed):
    meeting = MeetingFactory(published=True, title="Afgelaste bijeenkomst")
    report = TravelReportFactory(published=True, meeting=meeting)
    assert "Afgelaste bijeenkomst" in document(report).body_text
    with committed():
        meeting.delete()
    assert "Afgelaste bijeenkomst" not in document(report).body_text


def test_rebuild_gives_the_documents_the_signals_give(committed):
    with committed():
        call_command("load_demo", verbosity=0)
    columns = ("kind", "object_id", "title", "summary", "names", "body_text", "facet_text")
    followed = set(SearchDocument.objects.values_list(*columns))
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert set(SearchDocument.objects.values_list(*columns)) == followed


def test_demo_action_plan_is_indexed_with_its_actions(committed):
    with committed():
        call_command("load_demo", verbosity=0)
    plan = ActionPlan.objects.get(actions__title="Haags Model Ouderbetrokkenheid")
    assert "Haags Model Ouderbetrokkenheid" in document(plan).body_text
    assert plan.title in found("Haags Model Ouderbetrokkenheid")


# --- on PostgreSQL: the dutch parser and ranking find it ----------------------------


@pytest.mark.postgres
def test_words_of_adjacent_list_items_are_found_on_their_own():
    PracticeFactory(
        published=True,
        title="Steun voor gemeenten",
        summary="Wat gemeenten vroegen.",
        body="<ul><li>Regionale netwerken.</li><li>Kwartiermakers</li></ul>",
    )
    assert "Steun voor gemeenten" in found("kwartiermakers")
    assert "Steun voor gemeenten" in found("regionale netwerken")


@pytest.mark.postgres
def test_demo_meeting_of_2012_is_found_by_words_of_its_outcome(committed):
    with committed():
        call_command("load_demo", verbosity=0)
    title = "Landelijke bijeenkomst gemeenten en ouderbetrokkenheid"
    assert title in found("kwartiermakers")
    assert title in found("regionale netwerken")
    assert "Local Action Plan Den Haag: ouderbetrokkenheid tegen schooluitval" in found(
        "outreachende aanpak"
    )


@pytest.mark.postgres
def test_target_group_name_finds_the_practices_with_that_group():
    group = TargetGroup.objects.get(slug="moeilijk-bereikbare-ouders")
    PracticeFactory(
        published=True,
        title="Huisbezoeken in Zaanstad",
        summary="Sleutelfiguren gaan langs.",
        body="<p>Gezinnen thuis opzoeken.</p>",
        target_groups=[group],
    )
    PracticeFactory(published=True, title="Ouderavond", summary="Een avond op school.")
    titles = found("moeilijk bereikbare ouders")
    assert "Huisbezoeken in Zaanstad" in titles and "Ouderavond" not in titles


@pytest.mark.postgres
def test_text_of_a_pdf_attachment_is_searchable(committed):
    practice = PracticeFactory(published=True, title="Voorschool en thuis")
    with committed():
        PracticeAttachment.objects.create(
            practice=practice,
            title="Brochure",
            file=SimpleUploadedFile("brochure.pdf", make_pdf("Woordenschatmethode voor thuis")),
        )
    assert "Voorschool en thuis" in found("woordenschatmethode")


@pytest.mark.postgres
def test_province_and_phase_names_find_the_practice():
    PracticeFactory(
        published=True,
        title="Taal in Breda",
        municipalities=[municipality("GM0758")],
        phases=[EducationPhase.objects.get(slug="voortgezet-onderwijs")],
    )
    assert "Taal in Breda" in found("Noord-Brabant")
    assert "Taal in Breda" in found("voortgezet onderwijs")
