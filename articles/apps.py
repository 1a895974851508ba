from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Artikel")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Keeps the stored search vectors current on every save, and an article's old
        # slug answering (301) after staff change it (see the modules).
        from articles import slug_history, withdrawals  # noqa: F401
        from articles.search import signals  # noqa: F401
