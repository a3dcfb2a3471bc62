"""The forecast ledger: forecasts attached to articles, the likelihood scale, editors' resolutions.

Trend dynamics need no tables of their own: they are computed from the directions on published
articles (see timeline.py).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_init
from django.dispatch import receiver
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from trendwatch.publishing.languages import LocalizedText
from trendwatch.publishing.models import ArticlePage, Author, Trend


class LikelihoodLevel(LocalizedText, models.Model):
    """One step of the words-to-probability scale analysts choose from ("likely" = 0.7)."""

    slug = models.SlugField(unique=True, max_length=40)
    label_en = models.CharField(_("label (English)"), max_length=60)
    label_ru = models.CharField(_("label (Russian)"), max_length=60, blank=True)
    label_be = models.CharField(_("label (Belarusian)"), max_length=60, blank=True)
    probability = models.DecimalField(
        _("probability"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Between 0 and 1. A change applies to forecasts made from now on; stated forecasts keep theirs."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label_en"), FieldPanel("slug"), FieldPanel("probability")]),
        FieldRowPanel([FieldPanel("label_ru"), FieldPanel("label_be")]),
    ]

    class Meta:
        ordering = ["-probability"]
        verbose_name = _("likelihood level")
        verbose_name_plural = _("likelihood scale")

    def __str__(self):
        return f"{self.label_en} ({self.probability})"


class Forecast(LocalizedText, Orderable):
    """A statement an analyst expects to come true (or not) by a date, with its stated probability.

    The probability is copied from the likelihood scale when the forecast is made or its likelihood
    is changed, so that later edits of the scale never rewrite what the analyst stated.
    """

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="forecasts")
    statement_en = models.TextField(_("statement (English)"))
    statement_ru = models.TextField(_("statement (Russian)"), blank=True)
    statement_be = models.TextField(_("statement (Belarusian)"), blank=True)
    likelihood = models.ForeignKey(
        LikelihoodLevel, verbose_name=_("likelihood"), on_delete=models.PROTECT, related_name="forecasts"
    )
    probability = models.DecimalField(max_digits=3, decimal_places=2, null=True, editable=False)
    trend = models.ForeignKey(Trend, verbose_name=_("trend"), on_delete=models.PROTECT, related_name="forecasts")
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="forecasts")
    resolves_by = models.DateField(_("resolves by"), help_text=_("The date by which the forecast comes true or not."))

    panels = [
        FieldPanel("statement_en"),
        FieldRowPanel([FieldPanel("statement_ru"), FieldPanel("statement_be")]),
        FieldRowPanel([FieldPanel("likelihood"), FieldPanel("trend"), FieldPanel("author"), FieldPanel("resolves_by")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("forecast")

    def __str__(self):
        return Truncator(self.statement_en).chars(90)

    def clean(self):
        super().clean()
        self.state_probability()

    def save(self, *args, **kwargs):
        self.state_probability()
        return super().save(*args, **kwargs)

    def state_probability(self):
        """Take the probability from the scale when the forecast is new or its likelihood changed."""
        if self.likelihood_id and (self.probability is None or self.likelihood_id != self._likelihood_as_loaded):
            self.probability = self.likelihood.probability
            self._likelihood_as_loaded = self.likelihood_id


@receiver(post_init, sender=Forecast)
def remember_likelihood(sender, instance, **kwargs):
    # Forms and revisions both build forecasts through __init__, so this sees what was stated.
    instance._likelihood_as_loaded = instance.likelihood_id


class Outcome(models.TextChoices):
    CAME_TRUE = "came_true", _("Came true")
    DID_NOT = "did_not", _("Did not come true")
    PARTLY = "partly", _("Partly came true")
    CANNOT_JUDGE = "cannot_judge", _("Cannot be judged")


# What each outcome counts as in the scores; "cannot be judged" is left out of them.
OUTCOME_VALUES = {Outcome.CAME_TRUE: 1.0, Outcome.PARTLY: 0.5, Outcome.DID_NOT: 0.0}


class ForecastResolution(LocalizedText, models.Model):
    """An editor's verdict on a forecast, kept apart from the article so republishing never undoes it."""

    forecast = models.OneToOneField(
        Forecast, verbose_name=_("forecast"), on_delete=models.CASCADE, related_name="resolution"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    resolved_on = models.DateField(_("resolved on"))
    evidence = models.ForeignKey(
        ArticlePage,
        verbose_name=_("evidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The commentary that shows the outcome."),
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    note_be = models.TextField(_("note (Belarusian)"), blank=True)

    panels = [
        FieldPanel("forecast"),
        FieldRowPanel([FieldPanel("outcome"), FieldPanel("resolved_on")]),
        FieldPanel("evidence"),
        FieldPanel("note_en"),
        FieldRowPanel([FieldPanel("note_ru"), FieldPanel("note_be")]),
    ]

    class Meta:
        ordering = ["-resolved_on"]
        verbose_name = _("forecast resolution")

    def __str__(self):
        return f"{self.forecast}: {self.get_outcome_display()}"

    @property
    def outcome_value(self):
        """1 for came true, 0.5 for partly, 0 for did not; None when it cannot be judged."""
        return OUTCOME_VALUES.get(self.outcome)
