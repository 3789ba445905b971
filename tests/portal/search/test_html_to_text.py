"""Rich text as the index reads it (portal.core.richtext.html_to_text): block
elements are line breaks, inline elements nothing, entities decoded."""

import pytest

from portal.core.richtext import html_to_text


@pytest.mark.parametrize(
    "html, text",
    [
        (
            "<ul><li>Regionale netwerken.</li><li>Kwartiermakers</li></ul>",
            "Regionale netwerken.\nKwartiermakers",
        ),
        ("<ol><li>een</li><li>twee</li></ol><p>drie</p>", "een\ntwee\ndrie"),
        ("<h2>Beleid</h2><p>Ouders eerst.</p><h3>Tips</h3>", "Beleid\nOuders eerst.\nTips"),
        ("<h1>a</h1><h4>b</h4><h5>c</h5><h6>d</h6>", "a\nb\nc\nd"),
        (
            "<table><tr><th>Actie</th><th>Eigenaar</th></tr><tr><td>Huisbezoek</td>"
            "<td>JGZ</td></tr></table>",
            "Actie\nEigenaar\nHuisbezoek\nJGZ",
        ),
        ("regel een<br>regel twee<br/>drie<br />vier", "regel een\nregel twee\ndrie\nvier"),
        (
            "<div>blok</div><section>sectie</section><blockquote>citaat</blockquote>",
            "blok\nsectie\ncitaat",
        ),
        (
            "<p>Kwartier<b>makers</b> <em>helpen</em> <a href='/x'>lokaal</a>.</p>",
            "Kwartiermakers helpen lokaal.",
        ),
        ("<p><strong>Vet <em>en schuin</em></strong>, gewoon</p>", "Vet en schuin, gewoon"),
        (
            "<p>ouders &amp; school &ndash; caf&eacute; &#8220;samen&#8221;&nbsp;sterk</p>",
            "ouders & school – café “samen” sterk",
        ),
        ("<p>&lt;script&gt; is tekst</p>", "<script> is tekst"),
        ("<p>  veel   \n  ruimte  </p>\n\n<p></p><p>hier</p>", "veel\nruimte\nhier"),
        ("<p>zichtbaar</p><script>var geheim = 1;</script><style>p{}</style>", "zichtbaar"),
        ("platte tekst zonder tags", "platte tekst zonder tags"),
        ("<p>niet gesloten <b>vet", "niet gesloten vet"),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


@pytest.mark.parametrize("empty", ["", None, "<p></p>", "<ul><li> </li></ul>"])
def test_empty_html_gives_empty_text(empty):
    assert html_to_text(empty) == ""
