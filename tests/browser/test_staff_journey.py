"""A staff member writes, schedules, previews and publishes an article in Chromium.

Everything goes through the real admin in the browser (rich-text editor, the admin's
date/time shortcuts, inline sections), under the production Content-Security-Policy.
A citizen's browser (another context, not logged in) must not see the article while
it is scheduled, and then finds it in the month archive, the topic page, the feed and
the search.
"""

import datetime
import uuid
import zoneinfo

import pytest

from tests.browser.conftest import log_in, open_tab, screenshot

pytestmark = pytest.mark.browser

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
SECTIONS = [
    ("Latar belakang", "Rapat paripurna membahas perubahan anggaran daerah."),
    ("Pokok pembahasan", "Fraksi-fraksi menyampaikan pandangan tentang belanja publik."),
    ("Keputusan", "Dewan menyetujui rancangan dengan beberapa catatan."),
]
TAGS = ["anggaran perubahan", "rapat paripurna"]


@pytest.fixture
def staff(browser):
    """Staff work at a desktop."""
    tab = open_tab(browser, "desktop")
    yield tab
    tab.context.close()


@pytest.fixture
def citizen(browser):
    """A citizen on a phone, not logged in (a browser context of its own)."""
    tab = open_tab(browser, "phone")
    yield tab
    tab.context.close()


def write_section(page, number, heading, text):
    form = page.locator(f"#sections-{number}")
    form.locator(f"#id_sections-{number}-heading").fill(heading)
    editor = form.locator(".ProseMirror")
    editor.click()
    page.keyboard.type(text)


def save_and_continue(page):
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


def test_staff_schedules_previews_and_publishes_an_article(staff, citizen, site_url):
    page = staff
    # A word no seeded article has, so search can find exactly this article.
    word = "Sipakatau" + uuid.uuid4().hex[:6]
    title = f"Rapat Paripurna Perubahan Anggaran {word}"
    log_in(page, site_url)
    page.goto(site_url + "/admin/articles/article/add/")
    page.wait_for_selector("#sections-0 .ProseMirror")

    page.fill("#id_title", title)
    page.fill("#id_tags", ", ".join(TAGS))
    # "Penerbitan": publish at the time below, which is tomorrow, so: scheduled.
    page.get_by_label("Terbitkan pada waktu di bawah").check()
    tomorrow = datetime.datetime.now(WITA) + datetime.timedelta(days=1)
    page.fill("#id_publish_at_0", tomorrow.strftime("%d-%m-%Y"))
    page.fill("#id_publish_at_1", "09.00.00")
    for number, (heading, text) in enumerate(SECTIONS):
        if number:
            page.locator("#sections-group .add-row a").click()
            page.wait_for_selector(f"#sections-{number} .ProseMirror")
        write_section(page, number, heading, f"{text} {word}.")
    screenshot(page, "staff-1-new-article")
    save_and_continue(page)
    assert "/change/" in page.url
    assert page.problems == [], page.problems

    # Scheduled: nobody outside sees it yet.
    slug = page.input_value("#id_slug")
    assert slug
    citizen.goto(site_url + "/cari/?q=" + word)
    assert title not in citizen.content()
    assert citizen.goto(site_url + "/tag/anggaran-perubahan/").status == 404

    # Preview shows the public page with its three sections.
    page.locator("a", has_text="Pratinjau").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    headings = page.locator("main section h2").all_inner_texts()
    assert headings == [heading for heading, _ in SECTIONS]
    screenshot(page, "staff-2-preview")
    page.go_back()

    # Publish now, with the admin's own "Hari ini" / "Sekarang" shortcuts.
    page.locator(".datetimeshortcuts a", has_text="Hari ini").click()
    page.locator(".datetimeshortcuts a", has_text="Sekarang").click()
    save_and_continue(page)
    screenshot(page, "staff-3-published")

    now = datetime.datetime.now(WITA)
    month_path = f"/{now:%Y}/{now:%m}/"
    article_path = f"{month_path}{slug}/"
    assert citizen.goto(site_url + month_path).status == 200
    assert citizen.locator(f'a[href="{article_path}"]').count() >= 1
    for tag_slug in ("anggaran-perubahan", "rapat-paripurna"):
        assert citizen.goto(f"{site_url}/tag/{tag_slug}/").status == 200
        assert citizen.locator(f'a[href="{article_path}"]').count() >= 1
    feed = citizen.request.get(site_url + "/feed/")
    assert feed.status == 200
    assert title in feed.text()
    citizen.goto(site_url + "/cari/?q=" + word)
    assert citizen.locator(f'a[href="{article_path}"]').count() >= 1
    article = citizen.goto(site_url + article_path)
    assert article.status == 200
    assert citizen.locator("main section h2").all_inner_texts() == [h for h, _ in SECTIONS]
    screenshot(citizen, "staff-4-citizen-sees-article")
    assert citizen.problems == [], citizen.problems
