"""The search page on a phone, measured in Debian's Chromium: the first result is on the
first screen at 360 x 740, and no filter cuts its text ("Semua bular" for "Semua
bulan") at any width.

The page is rendered by the test client and shown with the stylesheet as it is in
static/css/site.css (not a collected copy), so what is measured is the source.
"""

import contextlib
import re
from pathlib import Path

import pytest

from tests.factories import ArticleFactory, wita

pytestmark = pytest.mark.django_db

CHROMIUM = "/usr/bin/chromium"
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"
PHONE = {"width": 360, "height": 740}
WIDTHS = [320, 360, 375, 390, 414, 600, 768, 1280]
# Chromium draws a closed select's arrow in about 20 px at the right: the text needs
# that much room beside it, or its last letters are hidden under the arrow.
ARROW = 20

MEASURE = """() => {
  const selects = [...document.querySelectorAll('.search-form select')].map((select) => {
    const style = getComputedStyle(select);
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
    probe.style.font = style.font;
    probe.textContent = select.options[select.selectedIndex].text;
    document.body.appendChild(probe);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const spare = select.clientWidth - padding - probe.getBoundingClientRect().width;
    probe.remove();
    return {id: select.id, text: select.options[select.selectedIndex].text, spare};
  });
  const first = document.querySelector('.results > li .summary-title');
  return {
    selects,
    firstResultBottom: first ? first.getBoundingClientRect().bottom : null,
    pageWidth: document.documentElement.scrollWidth,
  };
}"""


@contextlib.contextmanager
def chromium():
    """Started after the pages are rendered: Playwright's event loop must not run while
    Django uses the database in this thread."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def results():
    for number in range(4):
        ArticleFactory(
            title=f"Pengawasan Anggaran Kelurahan Wara Selatan Tahap {number}",
            sections=[("", "<p>Dewan mengawasi anggaran kelurahan dan program warga.</p>")],
            tags=["anggaran", "pengawasan", "partisipasi masyarakat"],
            publish_at=wita(2025, 4, 1 + number),
        )


def page_html(client, params):
    html = client.get("/cari/", params).content.decode()
    css = STYLESHEET.read_text(encoding="utf-8")
    return re.sub(r'<link rel="stylesheet"[^>]*>', lambda _m: f"<style>{css}</style>", html)


def measure(browser, html, width, height=740):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.set_content(html)
        return page.evaluate(MEASURE)
    finally:
        page.close()


def test_the_first_result_is_on_a_phones_first_screen(client, results):
    html = page_html(client, {"q": "anggaran"})
    with chromium() as browser:
        found = measure(browser, html, **PHONE)
    assert found["firstResultBottom"] is not None
    assert found["firstResultBottom"] <= PHONE["height"], found
    assert found["pageWidth"] <= PHONE["width"]


@pytest.mark.parametrize(
    "params", [{"q": "anggaran"}, {"q": "anggaran", "bulan": "9", "tahun": "2025"}]
)
def test_no_filter_cuts_its_text_at_any_width(client, results, params):
    html = page_html(client, params)
    with chromium() as browser:
        measured = {width: measure(browser, html, width) for width in WIDTHS}
    for width, found in measured.items():
        assert found["pageWidth"] <= width, (width, found)
        for select in found["selects"]:
            assert select["spare"] >= ARROW, (width, select)
