"""Demo practice examples, written in our own words from the facts in the
seed documents (no copied sentences, no names of private persons)."""

import datetime

from portal.editorial.demo import create_published, municipalities, themes
from practices.models import EducationPhase, Practice, PracticeLink, TargetGroup


def _phases(*slugs):
    return list(EducationPhase.objects.filter(slug__in=slugs))


def _groups(*slugs):
    return list(TargetGroup.objects.filter(slug__in=slugs))


PRACTICES = [
    {
        "slug": "hand-in-hand-utrecht",
        "title": "Hand in Hand: ouders en professionals als gelijkwaardige partners",
        "summary": (
            "Utrecht werkte sinds 2019 samen met ouders het deel ‘samenwerken met "
            "ouders’ van het Utrechts KwaliteitsKader (UKK) verder uit, in gesprek "
            "met ouders in plaats van over hen."
        ),
        "body": (
            "<p>De gemeente Utrecht koos in 2019 voor een nieuwe werkwijze: het "
            "kwaliteitskader voor de voorschoolse educatie kreeg een sterker hoofdstuk "
            "over de samenwerking met ouders, en dat hoofdstuk is samen met ouders "
            "geschreven.</p><h2>Wat de aanpak kenmerkt</h2><ul><li>Ouders en "
            "pedagogisch professionals zijn gelijkwaardige partners.</li><li>De "
            "gemeente organiseert de dialoog; ouders bepalen mee wat goede "
            "samenwerking is.</li><li>De uitkomsten landen in het UKK, zodat alle "
            "locaties ermee werken.</li></ul><p>Een beleidsadviseur "
            "Maatschappelijke Ontwikkeling van de gemeente deelde de ervaringen met "
            "andere gemeenten.</p>"
        ),
        "municipalities": ["Utrecht"],
        "themes": ["VVE en taal", "Educatief partnerschap"],
        "phases": ["voorschool-vve"],
        "groups": ["alle-ouders"],
        "start_year": 2019,
        "outreach": "Gesprekken en bijeenkomsten met ouders over wat zij van de voorschool verwachten.",
        "contact_role": "Beleidsadviseur Maatschappelijke Ontwikkeling, gemeente Utrecht",
    },
    {
        "slug": "verus-waardenvol-partnerschap",
        "title": "Waarde(n)vol partnerschap tussen ouders en school (Verus)",
        "summary": (
            "Verus, de vereniging voor katholiek en christelijk onderwijs, onderzocht "
            "op acht basisscholen met elk een eigen ouderpopulatie hoe partnerschap "
            "met ouders vorm krijgt, en bundelde de lessen in een brochure."
        ),
        "body": (
            "<p>Voor Verus hoort ouderbetrokkenheid bij eigentijds onderwijs. Om "
            "scholen in het bijzonder onderwijs te helpen, deed de vereniging zowel "
            "literatuuronderzoek als onderzoek in de praktijk.</p><p>Acht "
            "basisscholen deden mee, elk met een ander ouderprofiel; op een deel "
            "ervan hebben veel ouders moeite met de Nederlandse taal. De brochure "
            "geeft aanbevelingen om het partnerschap tussen ouders en school vorm te "
            "geven.</p>"
        ),
        "municipalities": [],
        "themes": ["Educatief partnerschap", "Laaggeletterdheid"],
        "phases": ["primair-onderwijs"],
        "groups": ["alle-ouders", "laaggeletterde-ouders"],
        "partners": "Verus\nAcht deelnemende basisscholen",
    },
    {
        "slug": "samen-vve-amersfoort",
        "title": "SAMEN: de stedelijke lijn ouderbetrokkenheid in de VVE van Amersfoort",
        "summary": (
            "Amersfoort bouwt ouderbetrokkenheid in de voor- en vroegschoolse educatie "
            "op één stedelijke lijn, gedragen door bestuurders én uitvoerders."
        ),
        "body": (
            "<p>Veel gemeenten steken al jaren energie in ouderbetrokkenheid, met "
            "wisselend succes. Amersfoort viel op door de breedte van de aanpak.</p>"
            "<p>De gemeente gaat ervan uit dat een stevige inhoudelijke samenwerking "
            "met kinderopvang, voorscholen en basisscholen – van bestuur tot "
            "werkvloer – nodig is om ouderbetrokkenheid uit te voeren en vast te "
            "houden. Die samenwerking is vastgelegd in een gezamenlijke, stedelijke "
            "lijn.</p>"
        ),
        "municipalities": ["Amersfoort"],
        "themes": ["VVE en taal", "Ouders bereiken"],
        "phases": ["voorschool-vve", "primair-onderwijs"],
        "groups": ["alle-ouders", "moeilijk-bereikbare-ouders"],
    },
    {
        "slug": "ouders-en-school-samen-arnhem",
        "title": "Ouders en School Samen! in Arnhem",
        "summary": (
            "Arnhem maakte met de VVE-voorzieningen afspraken om meer met ouders "
            "samen te werken: scholen en voorscholen gaan een educatief partnerschap "
            "met ouders aan."
        ),
        "body": (
            "<p>De gemeente verwacht van basisscholen en voorschoolse voorzieningen "
            "dat zij ouders als partner zien. Samen zorgen ze voor de beste kansen "
            "voor de ontwikkeling en het welzijn van kinderen.</p><p>De afspraken "
            "gaan over de opzet van het partnerschap: hoe ouders worden "
            "geïnformeerd, hoe ze meedoen in de groep en thuis, en hoe de "
            "voorziening dat volgt.</p>"
        ),
        "municipalities": ["Arnhem"],
        "themes": ["VVE en taal", "Educatief partnerschap"],
        "phases": ["voorschool-vve", "primair-onderwijs"],
        "groups": ["alle-ouders"],
    },
    {
        "slug": "vve-arnhem-logo-3000",
        "title": "VVE in Arnhem: beleid en uitvoering met LOGO 3000",
        "summary": (
            "Arnhem koppelt het VVE-beleid aan de woordenschatmethode LOGO 3000, "
            "zodat ouders thuis dezelfde woorden oefenen als op de groep."
        ),
        "body": (
            "<p>Met LOGO 3000 leren jonge kinderen de woorden die ze nodig hebben "
            "om in groep 3 mee te komen. Arnhem gebruikt de methode als verbinding "
            "tussen voorschool, school en thuis: ouders krijgen de thema’s en "
            "woorden mee, zodat ze thuis kunnen aansluiten.</p>"
        ),
        "municipalities": ["Arnhem"],
        "themes": ["VVE en taal"],
        "phases": ["voorschool-vve"],
        "groups": ["alle-ouders", "laaggeletterde-ouders"],
    },
    {
        "slug": "waalwijk-taalrijk",
        "title": "Waalwijk Taalrijk: ouder en kind samen aan de taal",
        "summary": (
            "Partners in Waalwijk werken samen om taalachterstanden bij kinderen en "
            "laaggeletterdheid bij ouders tegelijk aan te pakken."
        ),
        "body": (
            "<p>Waalwijk Taalrijk is een gezamenlijk programma van partners in de "
            "gemeente. Het doel is tweeledig: de (taal)ontwikkeling van kinderen "
            "stimuleren en ouders helpen hun eigen taalvaardigheid te "
            "vergroten.</p><p>De aanpak staat beschreven in de notitie Waalwijk "
            "Taalrijk!.</p>"
        ),
        "municipalities": ["Waalwijk"],
        "themes": ["Laaggeletterdheid", "VVE en taal"],
        "phases": ["voorschool-vve", "primair-onderwijs"],
        "groups": ["laaggeletterde-ouders"],
    },
    {
        "slug": "groninger-aanpak-ouderbetrokkenheid",
        "title": "Groninger aanpak ouderbetrokkenheid",
        "summary": (
            "Scholen voor primair en voortgezet onderwijs in Groningen ontwikkelen "
            "hun eigen ouderbeleid, met maatwerk en samenwerking als kern."
        ),
        "body": (
            "<p>Het uitgangspunt: opvoeden gebeurt thuis én op school, en leren ook. "
            "Daarom stelt elke deelnemende school een eigen ouderbeleid op dat past "
            "bij haar leerlingen en ouders.</p><p>De ervaringen zijn gebundeld in de "
            "publicatie ‘De school is van ons samen’.</p>"
        ),
        "municipalities": ["Groningen"],
        "themes": ["Ouderbeleid op school", "Educatief partnerschap"],
        "phases": ["primair-onderwijs", "voortgezet-onderwijs"],
        "groups": ["alle-ouders"],
    },
    {
        "slug": "vve-thuis",
        "title": "VVE-thuis: ouders stimuleren de ontwikkeling van hun kind",
        "summary": (
            "Met VVE-thuis doen ouders thuis activiteiten die aansluiten bij de "
            "voorschool, zodat kinderen van 3 tot 6 jaar betere kansen in het "
            "onderwijs krijgen. Veel gemeenten bieden het aan."
        ),
        "body": (
            "<p>VVE-thuis is een programma voor ouders van kinderen van 3 tot 6 jaar. "
            "Ouders krijgen activiteiten en materiaal mee die passen bij het thema "
            "op de groep. Zo sluiten spel en taal thuis aan bij wat het kind op de "
            "voorschool of in groep 1 en 2 doet.</p><p>Een korte film laat zien hoe "
            "het programma werkt.</p>"
        ),
        "municipalities": ["Breda", "Arnhem"],
        "themes": ["VVE en taal"],
        "phases": ["voorschool-vve"],
        "groups": ["alle-ouders", "laaggeletterde-ouders"],
    },
    {
        "slug": "breda-ouderbetrokkenheid-van-geboorte-tot-school",
        "title": "Breda verbindt wat er al is: ouderbetrokkenheid van geboorte tot basisschool",
        "summary": (
            "Breda koos niet voor nieuwe programma’s maar verbond bestaande "
            "interventies: van Boekstart en groepsconsulten bij de JGZ tot een "
            "afsprakenkaart tussen voorschool en ouder."
        ),
        "body": (
            "<p>Na een inspectieonderzoek naar de VVE waaruit bleek dat "
            "ouderbetrokkenheid nog onderbelicht was, stelde Breda doelen op, zoals "
            "betere leeropbrengsten. De gemeente verbond vervolgens bestaande "
            "interventies in plaats van uitvoerders nieuwe taken op te leggen.</p>"
            "<h2>Beleid</h2><ul><li>Bij beleidsthema’s kijkt de gemeente standaard "
            "naar de rol van ouders.</li><li>Elke voorschoolse instelling heeft "
            "ouderbeleid met wederzijdse verwachtingen van ouder en "
            "instelling.</li><li>Scholen werken met de woordenschatmethode LOGO "
            "3000.</li><li>Elk doelgroepkind tussen 2,5 en 6 jaar krijgt minstens "
            "één keer VVE-thuis en één keer de VoorleesExpress "
            "aangeboden.</li></ul><h2>Uitvoering, stap voor stap</h2><ol><li>Kort "
            "na de geboorte: Boekstart van de bibliotheek, afgestemd met de "
            "jeugdgezondheidszorg.</li><li>Rond 7 maanden: een groepsconsult bij de "
            "JGZ voor ouders van baby’s met een verhoogd risico op "
            "taalachterstand.</li><li>Rond 20 maanden: een tweede groepsconsult, "
            "nu op een voorschool, over voorlezen en taalstimulering.</li><li>Rond "
            "2,5 jaar: een gesprek tussen pedagogisch medewerker en ouder, "
            "vastgelegd in een afsprakenkaart – bewust niet ‘verplicht’ genoemd, "
            "want positief benaderen werkt beter.</li><li>Tijdens de voorschool: "
            "acht themabijeenkomsten voor ouders en twee kijkochtenden per jaar op "
            "de groep.</li></ol><p>Daarnaast lezen vrijwilligers van de "
            "VoorleesExpress twintig weken lang wekelijks voor bij gezinnen "
            "thuis.</p><h2>Wat het oplevert</h2><p>Betrokkenen zien dat ouders "
            "zelfverzekerder worden, makkelijker de weg vinden naar bibliotheek en "
            "CJG, en het voorbeeld van de voorlezers en studenten overnemen: ze "
            "lezen vaker voor.</p><h2>Open vragen</h2><p>Hoe bereik je ouders die "
            "niet willen, en hoe houd je ouders betrokken als hun kind ouder dan "
            "zes is?</p>"
        ),
        "municipalities": ["Breda"],
        "themes": ["VVE en taal", "Ouders bereiken"],
        "phases": ["voorschool-vve", "primair-onderwijs"],
        "groups": ["alle-ouders", "moeilijk-bereikbare-ouders", "laaggeletterde-ouders"],
        "outreach": (
            "Via Boekstart, groepsconsulten van de JGZ, een intakegesprek op de "
            "voorschool, huisbezoeken van VVE-thuis en de VoorleesExpress."
        ),
        "partners": "Bibliotheek\nJeugdgezondheidszorg (JGZ)\nVoorschoolse instellingen\nVoorleesExpress",
        "start_year": 2011,
        "contact_role": "Beleidsmedewerker onderwijs, gemeente Breda",
        "video": True,
    },
    {
        "slug": "breda-film-ouderbetrokkenheid",
        "title": "Film: zo stimuleert Breda ouderbetrokkenheid",
        "summary": (
            "Breda maakte een korte film die laat zien hoe de gemeente ouders betrekt bij "
            "de ontwikkeling en het onderwijs van hun kinderen."
        ),
        "body": (
            "<p>In de film vertellen betrokkenen uit Breda hoe zij ouders bereiken: van de "
            "eerste contacten via bibliotheek en jeugdgezondheidszorg tot de samenwerking "
            "op de voorschool. Geschikt om de aanpak in de eigen gemeente bespreekbaar te "
            "maken.</p>"
        ),
        "municipalities": ["Breda"],
        "themes": ["Ouders bereiken"],
        "phases": ["voorschool-vve"],
        "groups": ["alle-ouders"],
    },
    {
        "slug": "buitenkans-den-haag",
        "title": "Buitenkans: jeugdhulp op school en ouders dichtbij",
        "summary": (
            "Den Haag, Leidschendam-Voorburg en Rijswijk brengen met de "
            "samenwerkingsverbanden passend onderwijs de jeugdhulp naar de school, "
            "laagdrempelig voor kinderen en hun ouders."
        ),
        "body": (
            "<p>Sinds 2019 werken drie gemeenten en twee samenwerkingsverbanden "
            "(SPPOH en SWVZHW) in het programma Samenwerking Passend Onderwijs en "
            "Jeugdhulp aan een betere aansluiting tussen onderwijs en jeugdhulp. "
            "Eerdere resultaten zijn onder meer multidisciplinair overleg, een "
            "startgesprek met ketenpartners en een routeboek voor verzuim en "
            "thuiszitters.</p><h2>Twee uitgangspunten</h2><ul><li>Ondersteuning op "
            "school sluit aan bij de wijk en de leerlingen die er zitten.</li><li>De "
            "school wordt een plek waar hulp te vinden is en gegeven wordt, zodat "
            "kinderen dicht bij huis naar school kunnen.</li></ul><h2>Project "
            "Buitenkans</h2><p>In het basisonderwijs doen zes scholen in Transvaal, "
            "Duindorp en Moerwijk/Bouwlust mee, in het voortgezet onderwijs elf "
            "scholen. Meer betrokkenheid van ouders staat hoog op de agenda. Wat "
            "werkt, wordt gedeeld via het Kennis- en Leernetwerk van Buitenkans met "
            "alle scholen in de Haagse regio.</p>"
        ),
        "municipalities": ["'s-Gravenhage", "Leidschendam-Voorburg", "Rijswijk (ZH.)"],
        "themes": ["Passend onderwijs en jeugdhulp", "Ouders bereiken"],
        "phases": ["primair-onderwijs", "voortgezet-onderwijs"],
        "groups": ["ouders-extra-ondersteuning", "moeilijk-bereikbare-ouders"],
        "partners": "SPPOH (samenwerkingsverband po)\nSWVZHW (samenwerkingsverband vo)\nJeugdhulpaanbieders",
        "start_year": 2019,
        "links": [("Website van Project Buitenkans", "https://www.project-buitenkans.nl/")],
    },
]


def load_demo(*, actor):
    created = 0
    today = datetime.date.today()
    for spec in PRACTICES:
        spec = dict(spec)
        m2m = {
            "municipalities": municipalities(*spec.pop("municipalities")),
            "themes": themes(*spec.pop("themes")),
            "phases": _phases(*spec.pop("phases")),
            "target_groups": _groups(*spec.pop("groups")),
        }
        links = spec.pop("links", [])
        spec.pop("video", None)
        item, new = create_published(Practice, actor=actor, m2m=m2m, reviewed_on=today, **spec)
        if new:
            for position, (title, url) in enumerate(links):
                PracticeLink.objects.create(practice=item, title=title, url=url, position=position)
            created += 1
    return created
