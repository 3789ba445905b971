"""Readable on a phone (issue 17, point 6): every public page type at 360
pixels wide scrolls only downwards, tables reflow to stacked rows and no
word is broken in the middle ("Af g er o n d"). Screenshots of every page
type at 360 and 1280 pixels go to test-artifacts/screenshots/."""

import json
import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import PUBLIC

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = [*PUBLIC, "/bestaat-niet/"]

# Every word (a run of letters and digits between spaces, hyphens, slashes
# and dots, where a browser may wrap) must sit on one line: a word whose
# characters are spread over two or more lines was broken mid-word.
BROKEN_WORDS = """(root) => {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !parent.getClientRects().length) continue;
    if (parent.closest('.visually-hidden, .skip-link, [aria-hidden="true"], script, style')) continue;
    for (const m of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
      if (m[0].length < 2) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()]
        .filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""

# Boxes that stick out to the right of the viewport (what makes a page
# scroll sideways), named by tag and class for the failure message.
WIDE_BOXES = """(width) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getClientRects().length && !el.closest('.visually-hidden, .skip-link'))
  .filter((el) => el.getBoundingClientRect().right > width + 0.5)
  .slice(0, 5)
  .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""


def artifact_name(url):
    name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")
    return name or "home"


def check_pages(browser, base, width):
    """{url: [problems]} for every page at ``width`` pixels; saves a
    full-page screenshot of each."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    for url in PAGES:
        response = page.goto(base + url)
        problems = []
        if response.status != (404 if url == "/bestaat-niet/" else 200):
            problems.append(f"status {response.status}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(
                f"scrolls sideways: {scroll_width}px, {page.evaluate(WIDE_BOXES, width)}"
            )
        for table in page.locator("main table").all():
            broken = table.evaluate(BROKEN_WORDS)
            if broken:
                problems.append(f"table words broken mid-word: {broken[:8]}")
        broken = page.locator("main").evaluate(BROKEN_WORDS)
        if broken:
            problems.append(f"words broken mid-word: {broken[:8]}")
        page.screenshot(path=str(SCREENSHOTS / f"{width}-{artifact_name(url)}.png"), full_page=True)
        if problems:
            found[url] = problems
    context.close()
    return found


def test_every_public_page_reads_on_a_360_pixel_phone(live_server, browser):
    call_command("load_demo", verbosity=0)
    found = check_pages(browser, live_server.url, 360)
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_every_public_page_reads_on_a_1280_pixel_screen(live_server, browser):
    call_command("load_demo", verbosity=0)
    found = check_pages(browser, live_server.url, 1280)
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_action_table_stacks_its_rows_on_a_phone(live_server, browser):
    """Below 40em every action is a block of its own, each value labelled
    with its column heading; on a wide screen it stays a table."""
    call_command("load_demo", verbosity=0)
    url = live_server.url + "/actieplannen/local-action-plan-den-haag-prevent/"
    displays = {}
    for width in (360, 1280):
        context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(url)
        cell = page.locator("main table tbody td").last
        displays[width] = (
            cell.evaluate("(el) => getComputedStyle(el).display"),
            cell.evaluate("(el) => getComputedStyle(el, '::before').content"),
            page.locator("main table thead").evaluate("(el) => el.getBoundingClientRect().height"),
        )
        context.close()
    assert displays[1280][0] == "table-cell"
    assert displays[1280][1] in ("none", "normal")
    assert displays[360][0] != "table-cell"
    assert displays[360][1] == '"Status"'
    assert displays[360][2] <= 1  # the column headings are read, not shown
