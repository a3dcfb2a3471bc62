"""People, organisations and places that editors curate, and where the archive mentions them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from trendwatch.publishing.languages import LocalizedText
from trendwatch.publishing.models import ArticlePage
from trendwatch.similar.names import name_key

NAME_LENGTH = 120


def validate_name(value):
    """A name the matching rules can read: letters, and no word that mixes Latin and Cyrillic."""
    for word in value.split():
        latin = any(c.isalpha() and c.isascii() or "\u00c0" <= c <= "\u024f" for c in word)
        cyrillic = any("\u0400" <= c <= "\u04ff" for c in word)
        if latin and cyrillic:
            raise ValidationError(
                _("“%(word)s” mixes Latin and Cyrillic letters: write each word in one script."),
                code="mixed_scripts",
                params={"word": word},
            )
    try:
        name_key(value)
    except ValueError:
        raise ValidationError(
            _("“%(name)s” has no letters that can be read as a name."), code="no_letters", params={"name": value}
        ) from None


class Kind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    PLACE = "place", _("Place")


class Entity(LocalizedText, ClusterableModel):
    """One person, organisation or place, whatever the spelling or script an article uses."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=NAME_LENGTH, validators=[validate_name])
    name_ru = models.CharField(_("name (Russian)"), max_length=NAME_LENGTH, blank=True, validators=[validate_name])
    name_be = models.CharField(_("name (Belarusian)"), max_length=NAME_LENGTH, blank=True, validators=[validate_name])
    description_en = models.CharField(_("short description (English)"), max_length=300, blank=True)
    description_ru = models.CharField(_("short description (Russian)"), max_length=300, blank=True)
    description_be = models.CharField(_("short description (Belarusian)"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_ru"), FieldPanel("name_be")]),
        FieldPanel("description_en"),
        FieldPanel("description_ru"),
        FieldPanel("description_be"),
        InlinePanel(
            "aliases",
            heading=_("Other spellings"),
            label=_("Spelling"),
            help_text=_(
                "Only spellings the matching rules miss: Lukashenko, Лукашэнка or Grodno are found without one."
            ),
        ),
    ]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("person, organisation or place")
        verbose_name_plural = _("people, organisations and places")

    def __str__(self):
        return self.name_en

    def spellings(self):
        """Every name an editor gave this entity: the names per language and the aliases."""
        names = [self.name_en, self.name_ru, self.name_be, *(alias.name for alias in self.aliases.all())]
        return list(dict.fromkeys(name for name in names if name.strip()))


class EntityAlias(models.Model):
    entity = ParentalKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("spelling"), max_length=NAME_LENGTH, validators=[validate_name])

    panels = [FieldPanel("name")]

    class Meta:
        verbose_name = _("other spelling")

    def __str__(self):
        return self.name


class ArticleName(models.Model):
    """A name as one published article writes it, known entity or not (the extraction's result)."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    surface = models.CharField(max_length=200)
    count = models.PositiveIntegerField()
    kind_guess = models.CharField(max_length=20)
    # Matches no entity, not even ambiguously: a name suggestions are made of.
    unknown = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "surface"], name="entities_one_row_per_surface")]
        indexes = [models.Index(fields=["surface"], name="entities_name_surface")]


class NameKey(models.Model):
    """One surname key of a name the archive writes (see `similar.names.surname_keys`).

    Names can only be one entity when they share a key, so these rows tell which stored names a
    changed article's names may be grouped with, without reading every name.
    """

    surface = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["surface", "key"], name="entities_one_row_per_name_key")]


class ArticleMention(models.Model):
    """A known entity in one published article: how it was written there and how often."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="entity_mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    surfaces = models.JSONField(default=list)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="entities_one_mention_row")]


class Suggestion(models.Model):
    """A name that recurs in the archive but matches no entity, with its spellings grouped."""

    key = models.CharField(max_length=250, unique=True)
    name = models.CharField(_("name"), max_length=200)
    variants = models.JSONField(default=list)
    kind_guess = models.CharField(max_length=20)
    mentions = models.PositiveIntegerField(default=0)
    articles = models.PositiveIntegerField(default=0)
    dismissed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-articles", "-mentions", "name"]
        verbose_name = _("suggested entity")
