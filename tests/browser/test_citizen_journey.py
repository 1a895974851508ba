"""A citizen reads the archive in Chromium, on a 360 x 740 phone and on a desktop, by keyboard.

Home -> a month -> an article -> a section from its table of contents -> one of its
topics -> another article on that topic; every page reached with Tab and Enter only.
Every page kind is also tabbed through from top to bottom: the skip link comes first
and works, every visible link is a Tab stop, and focus is always drawn.
"""

import json

import pytest

from tests.browser.conftest import PUBLIC_PAGES, screenshot
from tests.browser.keyboard import VISIBLE_LINKS, follow_link, tab_through

pytestmark = pytest.mark.browser


def links(page, selector):
    return page.eval_on_selector_all(selector, "els => els.map(a => a.getAttribute('href'))")


def assert_clean(page):
    """No script error, no CSP violation, no failed request on the page."""
    assert page.problems == [], page.problems


def test_citizen_follows_the_archive_by_keyboard(page, site_url):
    page.goto(site_url + "/")
    assert page.locator("h1").inner_text() == "Artikel terbaru"
    screenshot(page, "journey-1-home")

    month = links(page, ".month-counts a")[0]
    assert month == "/2025/04/"
    follow_link(page, month)
    assert page.url == site_url + "/2025/04/"
    assert "April 2025" in page.locator("h1").inner_text()
    screenshot(page, "journey-2-month")

    article = links(page, ".summary-title a")[0]
    follow_link(page, article)
    assert page.url == site_url + article
    title = page.locator("h1").inner_text()
    screenshot(page, "journey-3-article")

    # A section from the table of contents: the address gets its anchor and the
    # section's heading is on screen.
    section = links(page, ".toc a")[2]
    follow_link(page, section)
    assert page.url.endswith(section)
    heading = page.locator(f"{section} h2")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"], "the section did not scroll into view"

    # One of the article's topics, then another article on that topic.
    for tag in links(page, ".article .tags a"):
        page.goto(site_url + article)
        follow_link(page, tag)
        assert page.url == site_url + tag
        others = [href for href in links(page, ".summary-title a") if href != article]
        if others:
            break
    else:
        pytest.fail(f"no topic of {article} has another article")
    assert article in links(page, ".summary-title a"), "the topic page lacks the article"
    screenshot(page, "journey-4-tag")
    follow_link(page, others[0])
    assert page.url == site_url + others[0]
    assert page.locator("h1").inner_text() != title
    assert_clean(page)


def test_citizen_searches_and_opens_a_result(page, site_url):
    response = page.goto(site_url + "/cari/?q=anggaran")
    assert response.status == 200
    result = links(page, ".summary-title a")[0]
    follow_link(page, result)
    assert page.url == site_url + result
    assert_clean(page)


@pytest.mark.parametrize("kind", list(PUBLIC_PAGES))
def test_keyboard_reaches_every_link_with_visible_focus(page, site_url, kind):
    response = page.goto(site_url + PUBLIC_PAGES[kind])
    assert response.status == (404 if kind == "not-found" else 200)
    screenshot(page, kind)

    stops = tab_through(page)
    assert stops, "no Tab stop on the page"
    assert stops[0]["href"] == "#konten", "the skip link is not the first Tab stop"
    reachable = {stop["href"] for stop in stops}
    missing = set(page.evaluate(VISIBLE_LINKS)) - reachable
    assert not missing, f"links no Tab reaches: {missing}"

    # The skip link jumps over the header: the next Tab lands inside the content.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "konten"
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")
    assert_clean(page)


@pytest.mark.parametrize("kind", ["article", "tag", "month"])
def test_json_ld_data_blocks_cause_no_csp_violation(page, site_url, kind):
    """JSON-LD is data, not script: the strict policy (script-src 'self') must not block it."""
    page.goto(site_url + PUBLIC_PAGES[kind])

    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() >= 1
    for text in blocks.all_text_contents():
        assert json.loads(text), "an empty or broken JSON-LD block"
    assert_clean(page)  # a blocked inline script would be reported here
