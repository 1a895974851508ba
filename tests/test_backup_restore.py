"""``manage.py backup`` and ``manage.py restore``: nothing is lost on the way back.

On a scratch database of its own (never the developer's): seed the April 2025 archive,
add articles with tags, a correction and admin revisions, back up, drop the database,
create it empty, restore, and compare every row of every table.
"""

import json
import os

import pytest

from tests.servers import load_seed, manage, recreate_database, scratch_database

ADD_DATA = """
import reversion
from django.contrib.auth import get_user_model
from articles.models import Correction, SlugRedirect
from tests.factories import ArticleFactory, DraftFactory
user = get_user_model().objects.create_superuser("redaksi", "r@example.org", "rahasia-123")
with reversion.create_revision():
    reversion.set_user(user)
    reversion.set_comment("Artikel baru untuk uji cadangan")
    article = ArticleFactory(
        title="Cadangan dan Pemulihan «Arsip» — uji",
        sections=[("Satu", "<p>Pertama &amp; utama</p>"), ("Dua", "<p>Kedua</p>"),
                  ("Tiga", "<ul><li>Tiga</li></ul>")],
        tags=["uji cadangan", "Anggaran Daerah"],
    )
with reversion.create_revision():
    reversion.set_user(user)
    article.title = "Cadangan dan Pemulihan: revisi kedua"
    article.save()
DraftFactory(title="Draf yang belum terbit", tags=["uji cadangan"])
SlugRedirect.objects.create(old_slug="alamat-lama-uji", article=article)
Correction.objects.create(article=article, reason="Angka diperbaiki.", editor=user)
"""

# Every row of every table the project's models know, in a stable order.
FINGERPRINT = """
import json
from django.apps import apps
rows = {}
for model in apps.get_models():
    rows[model._meta.label] = [
        {key: str(value) for key, value in row.items()}
        for row in model._base_manager.order_by("pk").values()
    ]
print(json.dumps(rows, sort_keys=True))
"""


@pytest.fixture
def scratch_env():
    with scratch_database("backup_test") as url:
        env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
        env.update(DATABASE_URL=url, DEBUG="1")
        yield env


def fingerprint(env):
    return json.loads(manage(env, "shell", "-c", FINGERPRINT).strip().splitlines()[-1])


def test_backup_drop_restore_keeps_every_article_section_tag_and_revision(scratch_env, tmp_path):
    env = scratch_env
    manage(env, "migrate", "--noinput")
    load_seed(env)
    manage(env, "shell", "-c", ADD_DATA)
    before = fingerprint(env)
    assert len(before["articles.Article"]) == 9
    assert len(before["articles.Section"]) >= 47
    assert {"uji cadangan", "Anggaran Daerah"} <= {t["name"] for t in before["articles.Tag"]}
    assert len(before["reversion.Version"]) >= 2
    backup = tmp_path / "arsip.dump"

    manage(env, "backup", str(backup))
    assert backup.stat().st_size > 0
    assert not backup.with_name("arsip.dump.partial").exists()
    recreate_database(env["DATABASE_URL"])  # dropped, then created empty
    manage(env, "restore", str(backup), "--yes")

    assert fingerprint(env) == before


def test_restore_refuses_without_yes_and_changes_nothing(scratch_env, tmp_path):
    env = scratch_env
    manage(env, "migrate", "--noinput")
    backup = tmp_path / "kosong.dump"
    manage(env, "backup", str(backup))
    load_seed(env)
    before = fingerprint(env)

    with pytest.raises(AssertionError, match="--yes"):
        manage(env, "restore", str(backup))

    assert fingerprint(env) == before
    assert len(before["articles.Article"]) == 7
