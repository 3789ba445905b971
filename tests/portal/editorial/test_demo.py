"""Demo content as data: the files in demo/ (one per source document) and the
loader that publishes them through the workflow."""

import io

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command

from meetings.models import Meeting, Network
from portal.core import registry
from portal.core.models import Status
from portal.editorial.demo import DEMO_USERNAME, demo_actor, demo_files, load_file
from portal.editorial.models import Publishable, TransitionLog
from practices.models import Practice

pytestmark = pytest.mark.django_db


def all_items():
    return [item for _, data in demo_files() for item in data["item"]]


def test_every_demo_file_is_one_source_document_and_every_item_names_its_section():
    files = demo_files()
    assert len(files) == 5
    assert len({data["load_order"] for _, data in files}) == len(files)
    kinds = {kind.key for kind in registry.kinds()}
    for path, data in files:
        assert data["item"], path.name
        for item in data["item"]:
            assert item["source"]["document"] == f"{path.stem}.txt", item["slug"]
            assert item["source"]["section"].strip(), item["slug"]
            assert item["type"] in kinds, item["slug"]
    slugs = [item["slug"] for item in all_items()]
    assert len(slugs) == len(set(slugs)) == 32  # 10 from issue 19 (organisations, a region)


def test_demo_publishes_every_item_through_the_workflow_once():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo-inhoud geladen: 32 nieuwe items." in out.getvalue()
    models = {kind.key: kind.model for kind in registry.kinds()}
    for item in all_items():
        obj = models[item["type"]].objects.get(slug=item["slug"])
        if isinstance(obj, Publishable):
            assert obj.status == Status.PUBLISHED and obj.is_public, item["slug"]
            assert obj.created_by.username == DEMO_USERNAME
            steps = obj.transitions.order_by("pk").values_list("action", "actor__username")
            assert list(steps) == [
                (TransitionLog.Action.SUBMIT, DEMO_USERNAME),
                (TransitionLog.Action.PUBLISH, DEMO_USERNAME),
            ]
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "Demo-inhoud geladen: 0 nieuwe items." in again.getvalue()
    assert TransitionLog.objects.count() == 2 * 29  # 32 items, 3 networks outside the workflow


def write(tmp_path, text, name="test-document"):
    path = tmp_path / f"{name}.toml"
    path.write_text(f"load_order = 1\n{text}", "utf-8")
    return path, demo_files(tmp_path)[0][1]


SAMPLE = """
[[item]]
type = "networks"
source = { document = "test-document.txt", section = "Intro" }
slug = "testnetwerk"
name = "Testnetwerk"
kind = "regional"
municipalities = ["Den Haag", "Breda"]

[[item]]
type = "practices"
source = { document = "test-document.txt", section = "Deel 1" }
slug = "eerste"
title = "Eerste"
summary = "Kort."

[[item]]
type = "practices"
source = { document = "test-document.txt", section = "Deel 2" }
slug = "tweede"
title = "Tweede"
summary = "Kort."
municipalities = ["'s-Gravenhage", "breda"]
themes = ["VVE en taal"]
phases = ["voorschool-vve"]
related = ["eerste"]

[[item.links]]
title = "Een"
url = "https://example.org/1"

[[item.links]]
title = "Twee"
url = "https://example.org/2"

[[item]]
type = "meetings"
source = { document = "test-document.txt", section = "Deel 3" }
slug = "bijeenkomst"
title = "Bijeenkomst"
summary = "Kort."
network = "testnetwerk"
host_municipality = "Breda"
start_date = 2024-03-01
end_date = 2024-03-02
method = "regional"

[[item.points]]
kind = "tip"
text = "Een tip uit Breda."
municipality = "breda"

[[item.points]]
kind = "concern"
text = "Een punt zonder gemeente."
"""


def test_loader_resolves_relations_and_inline_rows_and_loads_once(tmp_path):
    path, data = write(tmp_path, SAMPLE)
    actor = demo_actor()
    assert load_file(path, data, actor=actor) == 4
    network = Network.objects.get(slug="testnetwerk")
    assert sorted(m.slug for m in network.municipalities.all()) == ["breda", "den-haag"]
    second = Practice.objects.get(slug="tweede")
    assert second.status == Status.PUBLISHED
    assert sorted(m.slug for m in second.municipalities.all()) == ["breda", "den-haag"]
    assert [t.name for t in second.themes.all()] == ["VVE en taal"]
    assert [p.slug for p in second.phases.all()] == ["voorschool-vve"]
    assert [p.slug for p in second.related.all()] == ["eerste"]
    assert list(second.links.values_list("position", "title")) == [(0, "Een"), (1, "Twee")]
    meeting = Meeting.objects.get(slug="bijeenkomst")
    assert meeting.network == network and meeting.host_municipality.slug == "breda"
    assert [m.slug for m in meeting.municipalities.all()] == ["breda"]  # the host, added
    points = meeting.points.values_list("position", "kind", "municipality__slug")
    assert list(points) == [(0, "tip", "breda"), (1, "concern", None)]
    assert meeting.source == "test-document.txt — Deel 3"
    assert network.source == "test-document.txt — Intro"
    assert load_file(path, data, actor=actor) == 0
    assert second.links.count() == 2


def test_loader_stops_at_a_name_it_cannot_find(tmp_path):
    path, data = write(tmp_path, SAMPLE.replace('["Den Haag", "Breda"]', '["Atlantis"]'))
    with pytest.raises(ObjectDoesNotExist, match="Atlantis"):
        load_file(path, data, actor=demo_actor())


def test_loader_leaves_status_to_the_workflow(tmp_path):
    path, data = write(
        tmp_path, SAMPLE.replace('slug = "eerste"', 'slug = "eerste"\nstatus = "published"')
    )
    with pytest.raises(ValueError, match="status"):
        load_file(path, data, actor=demo_actor())


def test_loader_refuses_an_item_from_another_document(tmp_path):
    path, data = write(tmp_path, SAMPLE, name="ander-document")
    with pytest.raises(ValueError, match="ander-document.txt"):
        load_file(path, data, actor=demo_actor())
    assert not Network.objects.exists()


def test_loader_writes_the_source_itself(tmp_path):
    path, data = write(
        tmp_path,
        SAMPLE.replace(
            'source = { document = "test-document.txt", section = "Deel 1" }',
            'source = "test-document.txt — Deel 1"',
        ),
    )
    with pytest.raises(ValueError, match="source"):
        load_file(path, data, actor=demo_actor())
