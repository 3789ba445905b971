"""Demo networks, meetings, travel reports and an action plan, written in our
own words from the facts in the seed documents; no names of private persons.
Where a source gives no exact date, the text says the date is approximate."""

import datetime

from meetings.models import Action, ActionPlan, Meeting, Network, TravelReport
from portal.editorial.demo import create_published, municipalities, themes

EUROCITIES_CITIES = [
    "'s-Gravenhage", "Amsterdam", "gent", "antwerpen", "nantes", "munchen", "neurenberg",
    "leipzig", "goteborg", "oslo", "birmingham", "barcelona", "riga",
]  # fmt: skip
PREVENT_CITIES = [
    "nantes", "'s-Gravenhage", "stockholm", "usti-nad-labem", "sofia", "munchen",
    "antwerpen", "gijon", "tallinn",
]  # fmt: skip


def _network(slug, **fields):
    members = fields.pop("members")
    network, created = Network.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        network.municipalities.set(municipalities(*members))
    return network, created


def load_demo(*, actor):
    created = 0
    eurocities, new = _network(
        "eurocities-social-inclusion-through-education",
        name="Eurocities-werkgroep Social Inclusion Through Education",
        kind=Network.Kind.EUROCITIES,
        description=(
            "<p>Eurocities is het netwerk van grote Europese steden. In deze werkgroep "
            "wisselen onderwijsambtenaren twee keer per jaar kennis uit, telkens in een "
            "andere stad en over een actueel onderwijsthema. De gaststad legt een eigen "
            "beleidsvraag voor aan collega’s uit andere steden: een ‘critical friend "
            "review’ met een bezoek op locatie.</p>"
        ),
        website="https://eurocities.eu/",
        members=EUROCITIES_CITIES,
    )
    created += new
    prevent, new = _network(
        "urbact-prevent",
        name="URBACT PREVENT",
        kind=Network.Kind.URBACT,
        description=(
            "<p>Een door URBACT gefinancierd netwerk van tien Europese steden over "
            "ouderbetrokkenheid als middel tegen voortijdig schoolverlaten. Elke stad "
            "schreef met een lokale klankbordgroep een Local Action Plan; samen stelden "
            "de steden beleidsaanbevelingen op.</p>"
        ),
        lead_municipality=municipalities("nantes")[0],
        start_year=2013,
        end_year=2015,
        members=PREVENT_CITIES,
    )
    created += new

    gent_meeting, new = create_published(
        Meeting,
        actor=actor,
        slug="eurocities-gent-ouderbetrokkenheid",
        title="Critical friend review in Gent: ouderbetrokkenheid op school",
        summary=(
            "De Eurocities-werkgroep bekeek in Gent hoe ‘brugfiguren’ de band tussen "
            "school en ouders versterken (najaar 2012; de exacte data staan niet in de bron)."
        ),
        network=eurocities,
        host_municipality=municipalities("gent")[0],
        venue="Stadhuis van Gent en een basisschool",
        start_date=datetime.date(2012, 10, 10),
        end_date=datetime.date(2012, 10, 12),
        method=Meeting.Method.CRITICAL_FRIEND,
        goal=(
            "Gent positief-kritische feedback geven op de inzet van brugfiguren, en "
            "ideeën opdoen voor de eigen stad."
        ),
        programme=(
            "<ul><li>Dag 1 (middag): bijeenkomst op het stadhuis.</li><li>Dag 2: bezoek "
            "aan een basisschool met een brugfiguur.</li><li>Dag 3 (ochtend): "
            "terugkoppeling op het stadhuis.</li></ul>"
        ),
        outcome=(
            "<p>De steden vertellen op de volgende bijeenkomst wat zij met de inzichten "
            "deden. Opvallend: in veel steden besteden lerarenopleidingen weinig aandacht "
            "aan ouderbetrokkenheid.</p>"
        ),
        m2m={
            "municipalities": municipalities(*EUROCITIES_CITIES),
            "themes": themes("Educatief partnerschap", "Ouders bereiken"),
        },
    )
    created += new

    nantes_meeting, new = create_published(
        Meeting,
        actor=actor,
        slug="urbact-prevent-final-meeting-nantes-2015",
        title="Slotbijeenkomst URBACT PREVENT in Nantes",
        summary=(
            "De laatste transnationale bijeenkomst van PREVENT: alle steden presenteerden "
            "hun Local Action Plan en rondden de beleidsaanbevelingen af."
        ),
        network=prevent,
        host_municipality=municipalities("nantes")[0],
        start_date=datetime.date(2015, 4, 8),
        end_date=datetime.date(2015, 4, 11),
        method=Meeting.Method.TRANSNATIONAL,
        goal=(
            "Het project afsluiten, de Local Action Plans van alle steden presenteren en "
            "het Policy Recommendation Report afmaken. Leden van de lokale "
            "klankbordgroepen waren nadrukkelijk uitgenodigd."
        ),
        programme=(
            "<ul><li>Welkom en kennismaking op het stadhuis van Nantes.</li><li>Workshop "
            "van de thematisch expert over wat het project opleverde voor "
            "ouderbetrokkenheid.</li><li>Diner met vertegenwoordigers van het "
            "stadsbestuur.</li><li>Bezoek aan een buurthuis en gesprekken met "
            "ouders.</li><li>Voorbereiding van de presentatie op de URBACT-bijeenkomst in "
            "Riga.</li></ul>"
        ),
        m2m={
            "municipalities": municipalities(*PREVENT_CITIES),
            "themes": themes("Voortijdig schoolverlaten"),
        },
    )
    created += new

    national, new = create_published(
        Meeting,
        actor=actor,
        slug="landelijke-bijeenkomst-gemeenten-ouderbetrokkenheid-2012",
        title="Landelijke bijeenkomst gemeenten en ouderbetrokkenheid",
        summary=(
            "Zo’n veertig ambtenaren van grote en kleine gemeenten en de VNG bespraken op "
            "het ministerie van OCW wat hen bezighoudt, wat ze elkaar kunnen leren en "
            "welke steun ze nodig hebben."
        ),
        host_municipality=municipalities("'s-Gravenhage")[0],
        venue="Ministerie van OCW (georganiseerd met Oberon)",
        start_date=datetime.date(2012, 7, 3),
        end_date=datetime.date(2012, 7, 3),
        method=Meeting.Method.NATIONAL,
        goal="Gemeenten verbinden rond ouderbetrokkenheid en hun ondersteuningsbehoefte ophalen.",
        programme=(
            "<ul><li>Opening door het programma Ouders en School Samen van "
            "OCW.</li><li>Presentatie over wat ouderbetrokkenheid is en waarom het "
            "aandacht krijgt.</li><li>Peiling: 41% van de gemeenten wil het thema oppakken "
            "in het lokaal overleg (LEA).</li><li>De aanpak van Breda.</li><li>Zeven "
            "groepsgesprekken over drie vragen.</li></ul>"
        ),
        outcome=(
            "<h3>Wat gemeenten bezighoudt</h3><ul><li>Ouderbetrokkenheid begint vaak bij "
            "VVE en de inspectie, maar moet daar niet eindigen.</li><li>Passend onderwijs en "
            "de jeugdzorg vragen om contact met ouders van kinderen met een "
            "zorgbehoefte.</li><li>De betrokkenheid van ouders neemt af naarmate kinderen "
            "ouder worden.</li><li>Bezuinigingen en de eigen rol van de "
            "gemeente.</li></ul><h3>Tips</h3><ul><li>Inventariseer bij collega’s wie met "
            "ouders werkt en verbind bestaande projecten.</li><li>Zet in elk beleidsadvies "
            "een vast kopje ‘Ouders’.</li><li>Vraag ouders zelf hoe ze betrokken willen "
            "worden.</li><li>Zet het thema op de agenda van de LEA, met een werkgroep van "
            "schooldirecteuren eronder.</li><li>Kies voor verleiden, niet "
            "verplichten.</li></ul><h3>Waar gemeenten steun bij willen</h3><ul><li>Een "
            "website met beleidsnotities, betaalbare interventies en ervaringen – dit "
            "portaal.</li><li>Een besloten forum voor ambtenaren.</li><li>Regionale "
            "netwerken.</li><li>Kwartiermakers die lokaal helpen.</li><li>Voorbeelden van "
            "een grotere rol voor het consultatiebureau.</li><li>Een overzicht van "
            "landelijke expertisepunten.</li><li>Argumenten om ouders en "
            "schooldirecteuren te overtuigen.</li></ul>"
        ),
        m2m={
            "municipalities": municipalities(
                "Breda",
                "Zaanstad",
                "Amsterdam",
                "Veendam",
                "Alkmaar",
                "Utrecht",
                "Renkum",
                "Almere",
            ),
            "themes": themes("VVE en taal", "Ouders bereiken", "Passend onderwijs en jeugdhulp"),
        },
    )
    created += new

    den_haag = municipalities("'s-Gravenhage")[0]
    _report, new = create_published(
        TravelReport,
        actor=actor,
        slug="reisverslag-gent-2012-brugfiguren",
        title="Gent, najaar 2012: brugfiguren tussen school en ouders",
        summary=(
            "Verslag van de critical friend review van Eurocities in Gent: de kracht zit "
            "in de driehoek ouder-kind-school, niet in een aparte functionaris."
        ),
        meeting=gent_meeting,
        destination=municipalities("gent")[0],
        author_municipality=den_haag,
        author_department="Dienst Onderwijs, Cultuur en Welzijn (beleidsadviseur onderwijs)",
        departure_date=datetime.date(2012, 10, 10),
        return_date=datetime.date(2012, 10, 12),
        travellers=1,
        duration="3 dagen (een middag, een hele dag en een ochtend)",
        purpose=(
            "Den Haag is lid van Eurocities. De werkgroep Social Inclusion Through "
            "Education kwam in Gent bijeen over ouderbetrokkenheid op school. Gent werkt "
            "met brugfiguren: laagdrempelige verbinders tussen school en ouders. Het doel "
            "was die aanpak grondig te leren kennen en te bekijken wat ze voor Den Haag "
            "kan betekenen."
        ),
        locations=(
            "Het stadhuis van Gent (middag van dag 1 en ochtend van dag 3) en een "
            "basisschool (dag 2)."
        ),
        met=(
            "De brugfiguur en andere teamleden van de bezochte basisschool; "
            "beleidsambtenaren van Gent, Antwerpen, Nantes, München, Neurenberg, Leipzig, "
            "Göteborg, Oslo, Birmingham, Barcelona, Riga en Amsterdam; een medewerker van "
            "de Haagse stichting Brede Buurtschool, die ook meereisde."
        ),
        yield_for_municipality=(
            "Het Gentse model werkt door de driehoek ouder-kind-school te versterken; een "
            "aparte functionaris is daarvoor niet nodig. Meer effect verwachten we van het "
            "professionaliseren van schoolteams. Enkele weken later toetste een Haagse "
            "bijeenkomst deze les; daarop volgde een breed onderzoek naar "
            "ouderbetrokkenheid in Den Haag door ITS Nijmegen. Omdat lerarenopleidingen "
            "weinig aandacht aan ouders besteden, sprak de gemeente daarna met de pabo’s "
            "in de regio."
        ),
        follow_up=(
            "Op de volgende bijeenkomst van de werkgroep meldt elke stad wat zij met de "
            "inzichten heeft gedaan; Den Haag deed dat ook."
        ),
        m2m={"themes": themes("Educatief partnerschap")},
    )
    created += new

    _report, new = create_published(
        TravelReport,
        actor=actor,
        slug="reisverslag-nantes-2015-urbact-prevent",
        title="Nantes, 8–11 april 2015: slotbijeenkomst URBACT PREVENT",
        summary=(
            "Met de Haagse klankbordgroep naar de laatste PREVENT-bijeenkomst, waar het "
            "Haagse Local Action Plan werd gepresenteerd."
        ),
        meeting=nantes_meeting,
        destination=municipalities("nantes")[0],
        author_municipality=den_haag,
        author_department="Dienst Onderwijs, Cultuur en Welzijn (coördinator PREVENT)",
        departure_date=datetime.date(2015, 4, 8),
        return_date=datetime.date(2015, 4, 11),
        travellers=5,
        duration="4 dagen",
        purpose=(
            "Het URBACT-project PREVENT over ouderbetrokkenheid tegen voortijdig "
            "schoolverlaten afsluiten, de actieplannen van alle steden presenteren en het "
            "rapport met beleidsaanbevelingen afronden. De coördinator reisde met leden "
            "van de lokale klankbordgroep."
        ),
        locations="Het stadhuis van Nantes en een buurthuis.",
        met=(
            "Vertegenwoordigers van het stadsbestuur van Nantes, de thematisch expert van "
            "het project, de delegaties van de partnersteden en ouders in een buurthuis."
        ),
        yield_for_municipality=(
            "Een afgerond Local Action Plan met draagvlak van een Haagse klankbordgroep, "
            "en gezamenlijke beleidsaanbevelingen van tien steden."
        ),
        follow_up="Presentatie van de resultaten op de URBACT-bijeenkomst in Riga.",
        m2m={"themes": themes("Voortijdig schoolverlaten")},
    )
    created += new

    plan, new = create_published(
        ActionPlan,
        actor=actor,
        slug="local-action-plan-den-haag-prevent",
        title="Local Action Plan Den Haag: ouderbetrokkenheid tegen schooluitval",
        summary=(
            "Het actieplan dat Den Haag binnen URBACT PREVENT maakte, vertrekkend vanuit "
            "de ambitie over ouderbetrokkenheid in de Haagse Educatieve Agenda."
        ),
        network=prevent,
        municipality=den_haag,
        ambition=(
            "Ouderbetrokkenheid bevorderen, zoals de Haagse Educatieve Agenda vraagt, en "
            "zo voortijdig schoolverlaten helpen voorkomen."
        ),
        support_group=(
            "Haagse klankbordgroep (Local Support Group) van minstens vier leden uit "
            "onderwijs en jeugdveld\nGemeente Den Haag, Dienst Onderwijs, Cultuur en Welzijn"
        ),
        start_year=2013,
        end_year=2015,
        m2m={"themes": themes("Voortijdig schoolverlaten", "Ouders bereiken")},
    )
    if new:
        for position, (title, description, owner, status) in enumerate(
            [
                (
                    "Haags Model Ouderbetrokkenheid",
                    "Een gezamenlijk kader voor scholen om samenwerking met ouders vorm te geven.",
                    "Gemeente met schoolbesturen",
                    Action.Status.DONE,
                ),
                (
                    "Outreachende aanpak voortijdig schoolverlaters en hun ouders",
                    "Jongeren die dreigen uit te vallen en hun ouders thuis opzoeken in de aandachtswijken.",
                    "Leerplicht en jongerenwerk",
                    Action.Status.RUNNING,
                ),
                (
                    "Ouderbetrokkenheid op de agenda van scholen",
                    "Losse activiteiten: een studiemiddag, een festival en onderzoek.",
                    "Gemeente, afdeling onderwijs",
                    Action.Status.DONE,
                ),
            ]
        ):
            Action.objects.create(
                plan=plan,
                position=position,
                title=title,
                description=description,
                owner_role=owner,
                status=status,
            )
        created += 1
    return created
