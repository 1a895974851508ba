"""Who may do what with an article: the rules the admin shows and the server enforces.

Penulis (writers) write drafts. Editors also publish, schedule, unpublish, edit
published (or scheduled) articles, empty the trash back out and manage tags. Only
superusers purge for good. "Can publish" is the ``articles.publish_article``
permission created by migration 0003_staff_roles.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user) -> bool:
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def editors_only(article: Article) -> bool:
    """Published, scheduled or trashed articles are for editors to change."""
    return article.status == Article.Status.PUBLISHED or article.deleted_at is not None


def can_edit(user, article: Article | None) -> bool:
    if not user.has_perm("articles.change_article"):
        return False
    return article is None or can_publish(user) or not editors_only(article)


def can_purge(user) -> bool:
    return user.is_active and user.is_superuser


def status_label(article: Article, now) -> str:
    """Draf / Terjadwal (time) / Terbit, as staff read it in the list."""
    if article.status == Article.Status.DRAFT:
        return _("Draf")
    if article.publish_at > now:
        when = date_format(timezone.localtime(article.publish_at), "j M Y H:i")
        return _("Terjadwal (%(when)s)") % {"when": when}
    return _("Terbit")
