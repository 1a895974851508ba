"""A staff save that the database breaks off halfway leaves the article exactly as it was.

The admin saves the article, then its sections, tags and revision. A real PostgreSQL
trigger makes the database fail when the save reaches the sections (after the article
row and the earlier sections were already written); the whole save must roll back as
one transaction. ``transactional_db``: the admin's transaction is the outermost one, as
in production, not a savepoint inside the test's.
"""

import pytest
from django.db import connection

from articles.models import Article
from tests.staff import SEED_SLUG, article_form, change_url, inline_prefix

pytestmark = pytest.mark.django_db(transaction=True)

FAILURES = {
    # A lost connection (SQLSTATE class 08): the staff member gets the 503 page.
    "connection lost": ("08006", 503),
    # Any other database error: the form again, with everything typed and a message.
    "statement failed": ("P0001", 200),
}


@pytest.fixture
def staff_client(staff_client):
    staff_client.raise_request_exception = False  # see the answer staff would see
    return staff_client


@pytest.fixture
def failing_section_insert():
    """Arms a trigger that makes every INSERT into articles_section fail with a SQLSTATE."""
    armed = []

    def arm(sqlstate):
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                CREATE FUNCTION test_fail_section_insert() RETURNS trigger AS $$
                BEGIN
                  RAISE EXCEPTION 'simulated failure mid-save' USING ERRCODE = '{sqlstate}';
                END $$ LANGUAGE plpgsql;
                CREATE TRIGGER test_fail_section_insert BEFORE INSERT ON articles_section
                  FOR EACH ROW EXECUTE FUNCTION test_fail_section_insert();
                """
            )
        armed.append(True)

    yield arm
    if armed:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER IF EXISTS test_fail_section_insert ON articles_section;"
                "DROP FUNCTION IF EXISTS test_fail_section_insert();"
            )


def snapshot(article):
    article = Article.objects.get(pk=article.pk)
    fields = {
        field.attname: getattr(article, field.attname)
        for field in Article._meta.concrete_fields
        if field.attname != "search_vector"
    }
    sections = list(
        article.sections.order_by("pk").values_list("pk", "position", "heading", "body")
    )
    tags = sorted(article.tags.values_list("name", flat=True))
    revisions = 0
    try:
        from reversion.models import Version

        revisions = Version.objects.get_for_object(article).count()
    except ImportError:
        pass
    return fields, sections, tags, revisions


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_save_broken_off_by_the_database_changes_nothing(
    staff_client, seed_archive, failing_section_insert, failure
):
    sqlstate, status = FAILURES[failure]
    article = Article.objects.get(slug=SEED_SLUG)
    url = change_url(article)
    data = article_form(staff_client, url)
    # After opening the form: opening it may itself record a baseline revision.
    before = snapshot(article)
    prefix = inline_prefix(data)
    total = int(data[f"{prefix}-TOTAL_FORMS"])

    # Changes to the article, an existing section, the tags, and one new section last.
    data["title"] = "Judul yang tidak boleh tersimpan"
    data[f"{prefix}-0-heading"] = "Bagian yang tidak boleh berubah"
    data[f"{prefix}-1-body"] = "<p>Isi yang tidak boleh tersimpan.</p>"
    data["tags"] = "tag-yang-tidak-boleh-ada"
    data[f"{prefix}-{total}-heading"] = "Bagian baru"
    data[f"{prefix}-{total}-body"] = "<p>Bagian baru yang gagal disimpan.</p>"
    data[f"{prefix}-{total}-position"] = ""
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data["change_kind"] = "koreksi"
    data["correction_reason"] = "Uji penyimpanan yang terputus."
    data["_save"] = "Simpan"
    failing_section_insert(sqlstate)

    response = staff_client.post(url, data)

    assert response.status_code == status
    html = response.content.decode()
    assert "simulated failure" not in html
    if status == 200:  # nothing typed is lost: the form holds it all, sections included
        assert "Artikel belum tersimpan" in html
        assert 'value="Judul yang tidak boleh tersimpan"' in html
        assert "Bagian baru yang gagal disimpan." in html
        assert "Uji penyimpanan yang terputus." in html
    assert snapshot(article) == before
    assert not Article.objects.filter(title="Judul yang tidak boleh tersimpan").exists()
    assert not article.corrections.exists()
