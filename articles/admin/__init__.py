"""The staff admin, in Indonesian: configuration and presentation only.

Every rule of publishing (who may publish, what a save records, how trash and
revisions work) lives in ``articles.editorial``; these modules call it.
"""

from django.contrib import admin
from taggit.models import Tag as TaggitTag

from articles.admin import article_admin, audit, tag_admin  # noqa: F401  (registers them)

# Our own Tag model replaces taggit's; its empty admin would only confuse staff.
admin.site.unregister(TaggitTag)
