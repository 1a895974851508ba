# Written by hand (not makemigrations, which would capture other pending model work).

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


def fill_search_vectors(apps, schema_editor):
    # Articles that existed before the signals: vectors and the word list, once.
    from articles.search.index import refresh_all_search_vectors

    refresh_all_search_vectors()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=60, unique=True)),
                ("lexeme", models.CharField(db_index=True, max_length=60)),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(fields=["word"], name="searchword_word_trgm_idx", opclasses=["gin_trgm_ops"]),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["updated_at"], name="article_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("title", config="indonesian"),
                name="article_title_search_idx",
            ),
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop),
    ]
