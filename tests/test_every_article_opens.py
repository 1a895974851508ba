"""Every article opens, saves and shows its history in the admin, whatever made it.

The articles come from both importers (the April 2025 archive page, and a WordPress
export written here with the awkward shapes real exports have), through the real
admin views, for each role where the role may go.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from articles.models import Article
from articles.revisions import article_versions
from tests.staff import article_form, change_url, logged_in, save, staff_user
from tests.test_import_wordpress import FOOTER, HEADER, item

pytestmark = pytest.mark.django_db

LONG_TITLE = ("Laporan Panitia Khusus Pembahasan Rancangan Peraturan Daerah " * 5)[:255]
MANY_TAGS = [(f"topik-{n}", f"Topik {n}") for n in range(50)]

EXPORT = (
    HEADER
    + item(
        801,
        "Pembukaan tanpa judul bagian",
        "Paragraf pembuka sebelum judul mana pun.\n\n<h2>Latar Belakang</h2>\n\nIsi latar.",
        tags=[("dprd", "DPRD")],
    )
    + item(802, "Tanpa isi sama sekali", "")
    + item(803, LONG_TITLE, "<h2>Satu-satunya bagian</h2>\n\nIsi.", tags=MANY_TAGS)
    + item(
        804,
        'Judul dengan <tanda> & "kutip"',
        '<h2>Anggaran &amp; Belanja "Daerah" &lt;2025&gt;</h2>\n\nIsi <b>tebal</b>.',
    )
    + item(805, "Draf dari WordPress", "Isi draf.", status="draft", date_gmt="0000-00-00 00:00:00")
    + FOOTER
)


@pytest.fixture
def imported(tmp_path, seed_archive):
    export = tmp_path / "ekspor.xml"
    export.write_text(EXPORT, encoding="utf-8")
    call_command("import_wordpress", str(export), verbosity=0)
    articles = list(Article.objects.order_by("pk"))
    assert len(articles) == 12  # 7 from the archive page, 5 from the export
    return articles


def roles():
    return {
        "superuser": logged_in(Client, staff_user("admin", superuser=True)),
        "Editor": logged_in(Client, staff_user("editor", "Editor")),
        "Penulis": logged_in(Client, staff_user("penulis", "Penulis")),
    }


def pages_of(article):
    base = change_url(article).removesuffix("change/")
    return [change_url(article), base + "history/", base + "revisi/"]


def test_every_imported_article_opens_and_shows_its_history_for_every_role(imported):
    for role, client in roles().items():
        for article in imported:
            for url in pages_of(article):
                response = client.get(url)
                assert response.status_code == 200, (role, article.title, url)


def test_every_imported_article_saves_unchanged_and_can_be_compared_and_restored(imported):
    clients = roles()
    for article in imported:
        may_edit = ["superuser", "Editor"] + ([] if article.status == "published" else ["Penulis"])
        before = list(article.sections.values_list("heading", "body"))
        for role in may_edit:
            client = clients[role]
            response = client.post(
                change_url(article), save(article_form(client, change_url(article)))
            )
            assert response.status_code == 302, (role, article.title)
            assert list(article.sections.values_list("heading", "body")) == before
        versions = list(article_versions(article.pk))
        assert len(versions) >= 2, article.title  # the imported text, then the saves
        base = change_url(article).removesuffix("change/")
        editor = clients["Editor"]
        compared = editor.get(base + "revisi/", {"dari": versions[-1].pk, "ke": versions[0].pk})
        assert compared.status_code == 200, article.title
        restore = editor.get(f"{base}revisi/{versions[-1].pk}/pulihkan/")
        assert restore.status_code == 200, article.title


def test_an_untitled_opening_section_is_saved_from_the_add_form():
    client = logged_in(Client, staff_user("editor", "Editor"))
    data = article_form(client, "/admin/articles/article/add/")
    prefix = next(name for name in data if name.endswith("-TOTAL_FORMS")).removesuffix(
        "-TOTAL_FORMS"
    )
    data.update(
        {
            "title": "Pembuka Saja",
            "slug": "pembuka-saja",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-heading": "",
            f"{prefix}-0-body": "<p>Teks pembuka tanpa judul.</p>",
        }
    )

    response = client.post("/admin/articles/article/add/", save(data))

    assert response.status_code == 302
    article = Article.objects.get(slug="pembuka-saja")
    assert client.get(change_url(article)).status_code == 200
    assert client.get(change_url(article).removesuffix("change/") + "revisi/").status_code == 200


def test_str_of_every_model_instance_is_a_str(imported):
    Article.objects.first().corrections.create(reason="Angka diperbaiki.")
    seen = set()
    for model in apps.get_models():
        for instance in model.objects.all()[:20]:
            assert type(str(instance)) is str, model
            seen.add(model.__name__)
    assert {"Article", "Section", "Tag", "TaggedArticle", "Correction"} <= seen
