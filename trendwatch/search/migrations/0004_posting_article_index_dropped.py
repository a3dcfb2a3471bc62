import django.db.models.deletion
from django.db import migrations, models

# The index Django named for Posting.article: the same name on SQLite and PostgreSQL.
ARTICLE_INDEX = "search_posting_article_id_5ba75e28"


class Migration(migrations.Migration):
    """Drops the postings' index on article alone: the unique (article, stem) index serves the same
    look-ups. Dropped by name, since AlterField would copy the whole table on SQLite."""

    dependencies = [
        ("publishing", "0004_listed_stories"),
        ("search", "0003_covering_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="posting",
                    name="article",
                    field=models.ForeignKey(
                        db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+", to="publishing.articlepage",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{ARTICLE_INDEX}"',
                    reverse_sql=f'CREATE INDEX "{ARTICLE_INDEX}" ON "search_posting" ("article_id")',
                ),
            ],
        ),
    ]
