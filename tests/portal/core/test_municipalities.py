import pytest
from django.core.management import CommandError, call_command

from portal.core.models import Municipality, Province
from portal.core.municipalities import CBS_FILE
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

HEADER = "Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam\n"


def test_all_current_dutch_municipalities_are_shipped():
    dutch = Municipality.objects.dutch().current()
    assert dutch.count() == 342
    assert Municipality.objects.dutch().filter(province="").count() == 0
    assert dutch.filter(province=Province.NOORD_BRABANT).count() == 56
    assert dutch.filter(province=Province.FLEVOLAND).count() == 6


@pytest.mark.parametrize(
    ("code", "name", "province", "slug"),
    [
        ("GM0363", "Amsterdam", Province.NOORD_HOLLAND, "amsterdam"),
        ("GM0344", "Utrecht", Province.UTRECHT, "utrecht"),
        ("GM0518", "'s-Gravenhage", Province.ZUID_HOLLAND, "den-haag"),
        ("GM0758", "Breda", Province.NOORD_BRABANT, "breda"),
        ("GM1992", "Voorne aan Zee", Province.ZUID_HOLLAND, "voorne-aan-zee"),
        ("GM1900", "Súdwest-Fryslân", Province.FRYSLAN, "sudwest-fryslan"),
    ],
)
def test_known_municipality_samples(code, name, province, slug):
    m = Municipality.objects.get(cbs_code=code)
    assert (m.name, m.province, m.slug, m.country) == (name, province, slug, "NL")


def test_merged_municipalities_are_not_in_the_current_list():
    # Weesp joined Amsterdam (2022); Brielle, Hellevoetsluis and Westvoorne
    # became Voorne aan Zee (2023).
    names = set(Municipality.objects.values_list("name", flat=True))
    assert not names & {"Weesp", "Brielle", "Hellevoetsluis", "Westvoorne"}


def test_den_haag_alias_is_shown():
    assert str(Municipality.objects.get(cbs_code="GM0518")) == "Den Haag ('s-Gravenhage)"


def test_foreign_cities_of_the_networks_exist():
    gent = Municipality.objects.get(slug="gent")
    nantes = Municipality.objects.get(slug="nantes")
    assert (gent.country, gent.cbs_code, nantes.country) == ("BE", None, "FR")


def _write_cbs(tmp_path, lines):
    path = tmp_path / "gemeenten.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def _shipped_lines(skip=()):
    lines = CBS_FILE.read_text(encoding="utf-8").splitlines(keepends=True)[1:]
    return [line for line in lines if line.split(";")[1] not in skip]


def test_refresh_marks_vanished_municipality_ended_and_keeps_its_content(tmp_path):
    breda = Municipality.objects.get(cbs_code="GM0758")
    practice = PracticeFactory(municipalities=[breda])
    lines = _shipped_lines(skip={"GM0758", "GM0344"})
    lines.append("0344;GM0344;Utrecht-Stad;26;PV26;Utrecht\n")
    lines.append("9999;GM9999;Nieuwe Gemeente;30;PV30;Noord-Brabant\n")
    call_command("refresh_municipalities", str(_write_cbs(tmp_path, lines)))

    breda.refresh_from_db()
    assert breda.ended_on is not None
    assert list(practice.municipalities.all()) == [breda]
    assert Municipality.objects.get(cbs_code="GM0344").name == "Utrecht-Stad"
    new = Municipality.objects.get(cbs_code="GM9999")
    assert (new.name, new.province, new.slug) == (
        "Nieuwe Gemeente",
        Province.NOORD_BRABANT,
        "nieuwe-gemeente",
    )
    assert Municipality.objects.dutch().current().count() == 342


def test_refresh_dry_run_changes_nothing(tmp_path, capsys):
    lines = _shipped_lines(skip={"GM0758"})
    call_command("refresh_municipalities", str(_write_cbs(tmp_path, lines)), "--dry-run")
    assert Municipality.objects.get(cbs_code="GM0758").ended_on is None
    assert "Proefdraai" in capsys.readouterr().out


def test_refresh_with_shipped_file_is_a_no_op(capsys):
    call_command("refresh_municipalities")
    assert "0 toegevoegd, 0 bijgewerkt, 0 opgeheven, 342 ongewijzigd" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("naam;code\nAmsterdam;GM0363\n", "Kolommen ontbreken"),
        (HEADER + "0363;GM363;Amsterdam;27;PV27;Noord-Holland\n", "Regel 2 is ongeldig"),
        (HEADER + "0363;GM0363;Amsterdam;27;PV27;Noord-Holland\n", "maar 1 gemeenten"),
    ],
)
def test_refresh_refuses_wrong_files_and_changes_nothing(tmp_path, content, message):
    path = tmp_path / "fout.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("refresh_municipalities", str(path))
    assert Municipality.objects.dutch().current().count() == 342


def test_refresh_reports_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("refresh_municipalities", str(tmp_path / "bestaat-niet.csv"))
