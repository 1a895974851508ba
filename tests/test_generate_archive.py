"""The benchmark archive generator: realistic, repeatable, and never in the real database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Section, Tag
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def generate(count, *extra):
    call_command("generate_archive", str(count), *extra, verbosity=0)


def test_articles_look_like_the_councils_own():
    generate(120)

    assert Article.objects.count() == 120
    article = Article.objects.published().order_by("pk").first()
    sections = list(article.sections.all())
    assert len(sections) == 6
    words = sum(len(section.body.replace("</p><p>", " ").split()) for section in sections)
    assert 500 <= words <= 600
    assert all(section.heading for section in sections)
    assert 2 <= article.tags.count() <= 3
    assert Tag.objects.count() == 40


def test_a_few_drafts_and_scheduled_articles_stay_out_of_public_lists():
    generate(1000)

    drafts = Article.objects.filter(status=Article.Status.DRAFT).count()
    public = Article.objects.published().count()
    scheduled = Article.objects.count() - drafts - public
    assert 1 <= drafts <= 30
    assert 1 <= scheduled <= 20


def test_the_archive_spans_2015_to_today():
    generate(300)

    years = {moment.year for moment in Article.objects.published().dates("publish_at", "year")}
    assert min(years) == 2015
    assert max(years) == 2025  # the pinned clock: 1 June 2025


def test_the_same_seed_gives_the_same_archive():
    generate(30)
    first = list(Article.objects.order_by("pk").values_list("title", "publish_at"))
    generate(30, "--replace")
    assert list(Article.objects.order_by("pk").values_list("title", "publish_at")) == first

    generate(30, "--replace", "--seed", "7")
    assert list(Article.objects.order_by("pk").values_list("title", "publish_at")) != first


def test_staff_can_add_articles_after_a_generated_archive():
    """Explicit ids must not leave the id sequences behind (a duplicate key on save)."""
    generate(25)

    article = ArticleFactory()

    assert article.pk > 25
    assert Section.objects.filter(article=article).count() == 2


def test_an_archive_that_has_articles_is_left_alone_without_replace():
    ArticleFactory(title="Artikel Asli Dewan")

    with pytest.raises(CommandError, match="--replace"):
        generate(10)
    assert list(Article.objects.values_list("title", flat=True)) == ["Artikel Asli Dewan"]


def test_it_refuses_a_database_that_is_not_for_benchmarks():
    """Pointed at the real database's name: refused before it even connects."""
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://palopo:palopo@127.0.0.1:5432/palopo",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "generate_archive", "5"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "bukan database benchmark" in result.stderr
