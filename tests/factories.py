"""Test data: articles with sections and tags, in the shapes staff create."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, Section


def wita(year, month, day, hour=10, minute=0):
    """An aware datetime on the Palopo wall clock."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kebijakan Daerah Nomor {n}")
    slug = factory.Sequence(lambda n: f"kebijakan-daerah-nomor-{n}")
    publish_at = factory.LazyFunction(lambda: wita(2025, 4, 10))
    status = Article.Status.PUBLISHED
    # As in the real data: a published article's time was chosen by someone.
    publish_at_chosen = factory.LazyAttribute(lambda article: article.status == "published")

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        """``sections=[("Judul", "<p>isi</p>"), ...]``; by default two sections."""
        if not create:
            return
        wanted = extracted or [
            ("Pendahuluan", f"<p>Pembuka artikel {self.title}.</p>"),
            ("Kesimpulan", f"<p>Penutup artikel {self.title}.</p>"),
        ]
        for position, (heading, body) in enumerate(wanted, start=1):
            Section.objects.create(article=self, position=position, heading=heading, body=body)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class DraftFactory(ArticleFactory):
    status = Article.Status.DRAFT
