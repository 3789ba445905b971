"""Forum posts are Markdown, shown as the same sanitised HTML as the
editors' rich text: formatting works, scripts and unsafe links never do."""

import pytest

from community.text import render
from tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, html",
    [
        ("**vet** en *schuin*", "<p><strong>vet</strong> en <em>schuin</em></p>"),
        ("- een\n- twee", "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"),
        ("[site](https://example.org)", 'href="https://example.org"'),
        ("regel een\nregel twee", "regel een<br>"),
    ],
)
def test_markdown_formats(text, html):
    assert html in render(text)


@pytest.mark.parametrize(
    "text, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ("[klik](javascript:alert(1))", "javascript:"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("# Kop 1", "<h1"),
    ],
)
def test_nothing_unsafe_survives(text, forbidden):
    assert forbidden not in render(text)


def test_the_thread_page_shows_formatted_posts(member_client, member):
    question = QuestionFactory(author=member, body="Wie heeft **ervaring**?")
    AnswerFactory(question=question, body="Zie <script>x()</script> *hier*.")
    html = member_client.get(question.get_absolute_url()).content.decode()
    assert "<strong>ervaring</strong>" in html and "<em>hier</em>" in html
    assert "<script>x()" not in html
