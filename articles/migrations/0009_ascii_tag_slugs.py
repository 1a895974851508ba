"""Tag slugs in ASCII: taggit had made slugs such as "aí3", which no tag address
matches, and every page linking such a tag failed. Such addresses never worked, so
no redirect is kept for them."""

import re
import unicodedata

from django.db import migrations, models
from django.utils.text import slugify

SAFE = re.compile(r"^[-a-zA-Z0-9_]+$")


def ascii_slugs(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.all():
        if SAFE.match(tag.slug):
            continue
        base = slugify(unicodedata.normalize("NFKD", tag.name).encode("ascii", "ignore").decode())
        base = (base or "topik")[:90]
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}_{number}"
        taken.add(slug)
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_editorial_fields")]
    operations = [
        migrations.RunPython(ascii_slugs, migrations.RunPython.noop),
        # From now on the field itself refuses them (the tag admin's form too).
        migrations.AlterField(
            model_name="tag",
            name="slug",
            field=models.SlugField(max_length=100, unique=True, verbose_name="slug"),
        ),
    ]
