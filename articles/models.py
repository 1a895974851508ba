import unicodedata

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from articles import richtext

SUMMARY_WORDS = 35
# Also a bound in characters: one unbroken "word" must not become a huge summary.
SUMMARY_CHARS = 320


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """The one definition of public: published, not deleted, and its time has come.

        Every public page, count, feed and sitemap starts here, so a draft, a
        deleted or a scheduled article can never leak. Scheduled articles need no
        cron job: the comparison with now() makes them public the moment their time
        passes.
        """
        return self.filter(
            status=Article.Status.PUBLISHED,
            publish_at__lte=at or timezone.now(),
            deleted_at__isnull=True,
        ).defer(
            # Only PostgreSQL reads it (search); loading it would move ~3.5 KB per
            # article to Python on every page, 70 KB for one list page.
            "search_vector"
        )

    def with_lead(self):
        """Adds the first section's body, for summaries in listings, in the same query."""
        first_body = (
            Section.objects.filter(article=OuterRef("pk")).order_by("position").values("body")[:1]
        )
        return self.annotate(lead_body=Subquery(first_body))

    def for_listing(self):
        """What a list page shows of each article: summary source and tags, in two queries."""
        return self.with_lead().prefetch_related("tags")


class Tag(TagBase):
    # ASCII only, as the tag address (/tag/<slug>/) accepts; taggit allows Unicode.
    slug = models.SlugField(_("slug"), unique=True, max_length=100, allow_unicode=False)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tag")
        ordering = [Lower("name")]

    def get_absolute_url(self):
        return reverse("articles:tag_detail", kwargs={"slug": self.slug})

    def slugify(self, tag, i=None):
        """An ASCII slug, as the tag address (/tag/<slug>/) accepts: "Aí³" -> "ai3".

        taggit keeps letters like "í" in slugs, and one such tag made every page
        that links to it fail. Accents are dropped as WordPress drops them; a name
        with no Latin letter at all gets "topik".
        """
        ascii_name = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode()
        slug = slugify(ascii_name) or "topik"
        return f"{slug}_{i}" if i is not None else slug


class TaggedArticle(ItemBase):
    """Through table with a real foreign key, so tag queries join and index well.

    Trigger (publish_at): migration 0005_scale_indexes.
    """

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # The article's publish_at, copied by the trigger (read by articles/related.py) so that a
    # tag's articles nearest in time are one index range, however big the tag.
    publish_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("tag artikel")
        verbose_name_plural = _("tag artikel")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [
            models.Index(
                fields=["tag", "publish_at"],
                include=["content_object"],
                name="taggedarticle_tag_date_idx",
            )
        ]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")

    title = models.CharField(_("judul"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_("Bagian alamat artikel, dibuat dari judul. Harus unik."),
        error_messages={
            "unique": _(
                "Slug ini sudah dipakai artikel lain. Ubah slug agar alamat artikel unik, "
                "misalnya dengan menambahkan tahun atau kata pembeda."
            )
        },
    )
    publish_at = models.DateTimeField(
        _("waktu terbit"),
        default=timezone.now,
        help_text=_("Waktu WITA. Waktu di masa depan menjadwalkan artikel."),
    )
    publish_at_chosen = models.BooleanField(
        _("waktu terbit ditentukan"),
        default=False,
        editable=False,
        help_text=_(
            "Waktu terbit dipilih staf atau dibawa dari sumber impor. Draf yang waktunya "
            "belum pernah dipilih terbit pada saat diterbitkan, seperti di WordPress."
        ),
    )
    publish_date_inferred = models.BooleanField(
        _("tanggal terbit diperkirakan"),
        default=False,
        help_text=_(
            "Tanggal disimpulkan dari arsip lama yang hanya menampilkan nama hari. "
            "Periksa dan koreksi, lalu hapus tanda ini."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(
        _("ringkasan"),
        blank=True,
        help_text=_(
            "Dipakai di daftar artikel dan deskripsi untuk mesin pencari. "
            "Jika kosong, diambil dari paragraf pertama."
        ),
    )
    legacy_id = models.PositiveIntegerField(
        _("ID pos WordPress"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Nomor pos di situs WordPress lama; alamat /?p=ID dialihkan ke artikel ini."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    content_changed_at = models.DateTimeField(
        _("isi terakhir diubah"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Perubahan isi yang nyata (bukan perbaikan kecil); untuk mesin pencari."),
    )
    deleted_at = models.DateTimeField(_("dihapus"), null=True, blank=True, editable=False)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    # The version an importer last wrote. A higher version means staff (or a tag
    # merge) changed the article since, and a re-import leaves it alone.
    imported_version = models.PositiveIntegerField(
        _("versi impor terakhir"), null=True, blank=True, editable=False
    )
    search_vector = SearchVectorField(null=True, editable=False)

    tags = TaggableManager(
        verbose_name=_("tag"),
        help_text=_("Pisahkan dengan koma, mis.: anggaran, pelayanan publik, UMKM."),
        through=TaggedArticle,
        blank=True,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        ordering = ["-publish_at", "-pk"]
        indexes = [
            # Every public list is "published, newest first" within a date range.
            models.Index(
                fields=["-publish_at", "-id"],
                condition=Q(status="published"),
                name="article_public_idx",
            ),
            models.Index(fields=["status", "publish_at"], name="article_status_publish_idx"),
            GinIndex(fields=["search_vector"], name="article_search_idx"),
            # Search's "title matches first" tier (articles/search/query.py, TITLE_VECTOR_SQL).
            GinIndex(SearchVector("title", config="indonesian"), name="article_title_search_idx"),
            # The sitemap index's newest change, one index probe (articles/sitemaps.py).
            models.Index(
                fields=["content_changed_at"],
                condition=Q(status="published", content_changed_at__isnull=False),
                name="article_changed_idx",
            ),
            # The few articles that are not public (drafts, trash), so a tag's deep page
            # can leave them out without joining the whole archive (articles/views.py).
            models.Index(
                fields=["id"],
                condition=~Q(status="published") | Q(deleted_at__isnull=False),
                name="article_not_public_idx",
            ),
            # Typo-tolerant slug lookups (similarity) for addresses that almost match.
            GinIndex(fields=["slug"], opclasses=["gin_trgm_ops"], name="article_slug_trgm_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        local = timezone.localtime(self.publish_at)
        return reverse(
            "articles:article_detail",
            kwargs={"year": local.year, "month": local.month, "slug": self.slug},
        )

    def get_month_archive_url(self):
        local = timezone.localtime(self.publish_at)
        return reverse("articles:month_archive", kwargs={"year": local.year, "month": local.month})

    @property
    def is_public(self):
        """The same rule as ``published()``, for an article already loaded."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at <= timezone.now()
            and self.deleted_at is None
        )

    @property
    def is_updated(self):
        """Really changed after publication: "Diperbarui" and the change log show."""
        return self.content_changed_at is not None and self.content_changed_at > self.publish_at

    @property
    def last_modified(self):
        """When the public text last really changed (minor fixes do not count)."""
        return max(self.content_changed_at or self.publish_at, self.publish_at)

    def sorted_tags(self):
        """Tags in alphabetical order, from the prefetched tags when a list loaded them."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.casefold())

    def get_summary(self):
        """The staff-written summary, else the start of the first paragraph."""
        if self.summary:
            return Truncator(self.summary).chars(SUMMARY_CHARS * 2, truncate=" …")
        lead_body = getattr(self, "lead_body", None)
        if lead_body is None:
            first = self.sections.order_by("position").first()
            lead_body = first.body if first else ""
        return summary_from_body(lead_body)


def summary_from_body(body: str) -> str:
    first_paragraph = body.split("</p>", 1)[0]
    words = Truncator(strip_tags(first_paragraph).strip()).words(SUMMARY_WORDS, truncate=" …")
    return Truncator(words).chars(SUMMARY_CHARS, truncate=" …")


class Section(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(_("urutan"), default=0)
    heading = models.CharField(
        _("judul bagian"),
        max_length=255,
        blank=True,
        help_text=_("Boleh kosong untuk bagian pembuka."),
    )
    body = richtext.RichTextField(_("isi"))

    class Meta:
        verbose_name = _("bagian")
        verbose_name_plural = _("bagian")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"],
                name="unique_section_position",
                deferrable=models.Deferrable.DEFERRED,
            )
        ]

    def __str__(self):
        # str(), not the lazy translation: django-reversion and the admin call
        # force_str on this, which refuses anything that is not a str.
        return self.heading or str(_("(bagian pembuka)"))

    def save(self, *args, **kwargs):
        # Sanitize on every save, not only in forms: imports and scripts save too.
        self.body = richtext.sanitize(self.body)
        super().save(*args, **kwargs)


def with_anchors(sections):
    """Gives each titled section a unique ``anchor`` for the table of contents.

    The anchor is the heading's slug, so links read well ("#kesimpulan"); a repeated
    or unsluggable heading falls back to its place in the article.
    """
    seen = set()
    for number, section in enumerate(sections, start=1):
        anchor = slugify(section.heading) or f"bagian-{number}"
        if anchor in seen:
            anchor = f"{anchor}-{number}"
        seen.add(anchor)
        section.anchor = anchor if section.heading else ""
    return sections


class OldAddress(models.Model):
    """A slug something used to have; its old address answers 301 to where it is now.

    It points at the thing, not at a newer address, so however often the slug
    changes no request needs two hops. Kept by ``articles.slug_history``.
    """

    old_slug = models.SlugField(_("slug lama"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        abstract = True


class SlugRedirect(OldAddress):
    """An old address of an article."""

    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="old_slugs"
    )

    class Meta:
        verbose_name = _("pengalihan slug")
        verbose_name_plural = _("pengalihan slug")

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class TagRedirect(OldAddress):
    """An old address of a tag, renamed or merged away."""

    old_slug = models.SlugField(_("slug lama"), max_length=100, unique=True)
    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), on_delete=models.CASCADE, related_name="old_slugs"
    )

    class Meta:
        verbose_name = _("pengalihan tag")
        verbose_name_plural = _("pengalihan tag")

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


class Correction(models.Model):
    """A public correction of a published article, shown in its change log."""

    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="corrections"
    )
    corrected_at = models.DateTimeField(_("waktu koreksi"), default=timezone.now)
    reason = models.CharField(_("alasan"), max_length=255)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("koreksi")
        verbose_name_plural = _("koreksi")
        ordering = ["-corrected_at"]

    def __str__(self):
        return self.reason


class SearchWord(models.Model):
    """A word that appears in a public article, with its Indonesian stem.

    Feeds "did you mean" (trigram similarity on the word) and the widening of
    stems the Indonesian stemmer splits ("awasi" from "mengawasi", "awas" from
    "pengawasan"). Kept by ``articles.search.index.refresh_search_vectors``: words are
    added from public articles only and leave when no public article has them any
    more (trashed, withdrawn, scheduled, deleted, edited), so a draft's words are
    never suggested.
    """

    word = models.CharField(max_length=60, unique=True)
    lexeme = models.CharField(max_length=60, db_index=True)

    class Meta:
        indexes = [
            GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="searchword_word_trgm_idx"),
        ]

    def __str__(self):
        return self.word


class MonthCount(models.Model):
    """Articles counted for each WITA month: published and not deleted.

    Triggers: migration 0004_archive_counts (read by articles/archive_counts.py).
    They count in the same transaction as every change, so the month lists never need
    to count the whole archive. Scheduled articles whose time has not come are
    included here and subtracted when read.
    """

    month = models.DateField(primary_key=True)
    count = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.count}"


class TagCount(models.Model):
    """Articles counted for each tag, with the same rule as MonthCount.

    Triggers: migration 0004_archive_counts.
    """

    tag = models.OneToOneField(
        Tag, on_delete=models.CASCADE, primary_key=True, related_name="count_row"
    )
    count = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.tag_id}: {self.count}"


class SiteChange(models.Model):
    """One row: bumped in the same transaction as any change to what public pages show
    (read by articles/generation.py), so every app server sees the same generation,
    whatever its clock says.

    Trigger: migration 0006_site_change.
    """

    counter = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.counter} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"
