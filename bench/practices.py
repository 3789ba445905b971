"""Practice list, municipality page and detail page at scale.

Fills the database with N synthetic published practices (default 20,000) spread
over all municipalities, then prints median and p95 server time and the query
count of: the list with two filters, a municipality page and a detail page.
Target on a 2-core machine: median < 50 ms and p95 < 100 ms.

    bash scripts/bench.sh practices [--n 20000] [--repeat 50]
"""

import argparse
import random

from common import client, connection, report, time_url
from django.utils import timezone

from portal.core.cache import bump_content_version
from portal.core.models import Municipality, Status, Theme
from practices.models import EducationPhase, Practice, TargetGroup

WORDS = [
    "ouders",
    "school",
    "kinderen",
    "taal",
    "voorschool",
    "ouderkamer",
    "huisbezoek",
    "bibliotheek",
    "voorlezen",
    "samenwerking",
    "wijk",
    "jeugdhulp",
    "leerkracht",
    "mentor",
    "gesprek",
    "thuis",
    "educatief",
    "partnerschap",
    "brugfunctionaris",
    "consultatiebureau",
    "themabijeenkomst",
]


def fill(n, seed=42):
    if Practice.objects.count() >= n:
        return
    rnd = random.Random(seed)
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    phases = list(EducationPhase.objects.values_list("pk", flat=True))
    groups = list(TargetGroup.objects.values_list("pk", flat=True))
    now = timezone.now()
    batch = []
    for i in range(n):
        text = " ".join(rnd.choice(WORDS) for _ in range(120))
        batch.append(
            Practice(
                title=f"Aanpak {i} {rnd.choice(WORDS)} en {rnd.choice(WORDS)}",
                slug=f"bench-{i}",
                summary=" ".join(rnd.choice(WORDS) for _ in range(25)),
                body=f"<p>{text}</p>",
                status=Status.PUBLISHED if i % 10 else Status.DRAFT,
                publish_at=now - timezone.timedelta(minutes=i),
                start_year=rnd.randint(2008, 2025),
            )
        )
    Practice.objects.bulk_create(batch, batch_size=2000)
    ids = list(Practice.objects.values_list("pk", flat=True))
    through = [
        (Practice.municipalities.through, "municipality_id", municipalities, (1, 2)),
        (Practice.themes.through, "theme_id", themes, (1, 3)),
        (Practice.phases.through, "educationphase_id", phases, (1, 2)),
        (Practice.target_groups.through, "targetgroup_id", groups, (1, 2)),
    ]
    for model, column, choices, (low, high) in through:
        rows = [
            model(practice_id=pk, **{column: value})
            for pk in ids
            for value in rnd.sample(choices, rnd.randint(low, high))
        ]
        model.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    fill(args.n)
    busiest = (
        Municipality.objects.filter(practices_practice_set__status=Status.PUBLISHED)
        .order_by("?")
        .first()
    )
    detail = Practice.objects.published().order_by("pk")[args.n // 2]
    print(
        f"{connection.vendor}: {Practice.objects.count()} practices, "
        f"{Practice.objects.published().count()} published; repeat={args.repeat}"
    )
    rows = [
        (
            "list ?thema=vve-en-taal&fase=primair-onderwijs",
            time_url(
                client,
                "/praktijkvoorbeelden/?thema=vve-en-taal&fase=primair-onderwijs",
                repeat=args.repeat,
            ),
        ),
        (
            f"municipality /gemeenten/{busiest.slug}/",
            time_url(client, busiest.get_absolute_url(), repeat=args.repeat),
        ),
        ("municipality list /gemeenten/", time_url(client, "/gemeenten/", repeat=args.repeat)),
        ("detail", time_url(client, detail.get_absolute_url(), repeat=args.repeat)),
        ("list unfiltered", time_url(client, "/praktijkvoorbeelden/", repeat=args.repeat)),
    ]
    report(rows, (50, 100))
    # The same pages with an empty count cache (first visitor after an edit).
    cold = [
        (
            "COLD list ?thema=vve-en-taal&fase=primair-onderwijs",
            time_url(
                client,
                "/praktijkvoorbeelden/?thema=vve-en-taal&fase=primair-onderwijs",
                repeat=max(5, args.repeat // 5),
                before=bump_content_version,
            ),
        ),
        (
            "COLD municipality list /gemeenten/",
            time_url(
                client, "/gemeenten/", repeat=max(5, args.repeat // 5), before=bump_content_version
            ),
        ),
    ]
    print("\nWithout cache (after every edit the counts are computed once):")
    report(cold, (1000, 1000))


if __name__ == "__main__":
    main()
