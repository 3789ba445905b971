import pytest

from portal.core.richtext import sanitize_html
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<p>Hallo<script>alert("xss")</script></p>',
    '<p onclick="steal()">Klik</p>',
    '<p style="position:fixed">Stijl</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    '<img src="x" onerror="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<p><a href="https://ok.nl" onmouseover="x()" target="_blank">ok</a></p>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_orm_save_sanitises_every_payload(payload):
    practice = PracticeFactory(body=payload)
    practice.refresh_from_db()
    stored = practice.body.lower()
    for bad in (
        "<script",
        "onclick",
        "onerror",
        "onload",
        "onmouseover",
        "style=",
        "javascript:",
        "data:",
        "<iframe",
        "<img",
        "<svg",
        "target=",
    ):
        assert bad not in stored


def test_sanitiser_keeps_the_toolbar_markup():
    html = (
        "<h2>Kop</h2><p><strong>vet</strong> <em>schuin</em> "
        '<a href="https://www.rijksoverheid.nl/">link</a></p>'
        "<ul><li>een</li></ul><ol><li>twee</li></ol><blockquote><p>citaat</p></blockquote>"
    )
    assert sanitize_html(html) == html


def test_sanitiser_drops_disallowed_headings_but_keeps_text():
    assert sanitize_html("<h1>Titel</h1>") == "Titel"
