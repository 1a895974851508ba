"""axe-core in Chromium: no WCAG 2.2 A/AA violation on any public page kind or the admin form.

Run at the phone and the desktop size: a layout can fail only at one of them (target
sizes, reflow, contrast of a wrapped element).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PUBLIC_PAGES, log_in, screenshot

pytestmark = pytest.mark.browser

WCAG_22_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}

axe = Axe()


def assert_no_violations(page):
    results = axe.run(page, options=WCAG_22_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("kind", list(PUBLIC_PAGES))
def test_public_page_kinds_have_no_wcag_violations(page, site_url, kind):
    page.goto(site_url + PUBLIC_PAGES[kind])
    assert_no_violations(page)


def test_search_has_no_wcag_violations(page, site_url):
    response = page.goto(site_url + "/cari/?q=anggaran")
    assert response.status == 200
    screenshot(page, "search")
    assert_no_violations(page)


@pytest.mark.parametrize("form", ["add", "change"])
def test_the_admin_article_form_has_no_wcag_violations(page, site_url, form):
    log_in(page, site_url)
    if form == "add":
        page.goto(site_url + "/admin/articles/article/add/")
    else:
        page.goto(site_url + "/admin/articles/article/")
        page.locator("#result_list tbody th a").first.click()
    page.wait_for_selector(".ProseMirror")
    screenshot(page, f"admin-{form}")
    assert_no_violations(page)
    assert page.problems == [], page.problems
