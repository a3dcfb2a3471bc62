"""The search page's form: the query and its filters, read from the URL (`?q=…&trend=…`)."""

import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trendwatch.publishing.languages import LANGUAGE_CODES
from trendwatch.publishing.models import Author, Direction, Trend

ALL_LANGUAGES = "all"
SORT_ORDERS = [("relevance", _("Relevance")), ("date", _("Newest first"))]
# Shown when a filter's value in the URL is not one the site knows; the filter is then left out.
IGNORED_FILTER_MESSAGES = {
    "trend": _("There is no trend “%(value)s”; articles on every trend are shown."),
    "language": _("“%(value)s” is not a language of this site; the page language is searched."),
    "direction": _("“%(value)s” is not a direction of change; every direction is shown."),
    "from": _("“%(value)s” is not a date (use YYYY-MM-DD); the start date was ignored."),
    "to": _("“%(value)s” is not a date (use YYYY-MM-DD); the end date was ignored."),
    "author": _("There is no author “%(value)s”; articles by every author are shown."),
    "sort": _("“%(value)s” is not a sort order; results are sorted by relevance."),
}
# Long junk in a filter is shortened when it is quoted back to the reader.
QUOTED_VALUE_LENGTH = 40


def readable(value):
    """`value` without control characters and unpaired surrogates, which no reader types on purpose."""
    return "".join(
        " " if unicodedata.category(character) == "Cc" else character
        for character in value
        if unicodedata.category(character) != "Cs"
    )


class SearchForm(forms.Form):
    """Bound to the URL's parameters; `language` (the page language) is the default language filter."""

    q = forms.CharField(label=_("Search for"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    trend = forms.ChoiceField(label=_("Trend"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", _("Any direction")), *Direction.choices]
    )
    author = forms.ChoiceField(label=_("Author"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_ORDERS)

    def __init__(self, query_parameters, language):
        data = {name: readable(value) for name, value in query_parameters.items()}
        data.setdefault("language", language)
        super().__init__(data)
        self.page_language = language
        # "from" and "to" make short URLs but are not valid Python names for declared fields.
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["trend"].choices = [("", _("All trends"))] + [
            (trend.slug, trend.localized("name", language)) for trend in Trend.objects.all()
        ]
        self.fields["language"].choices = [*settings.LANGUAGES, (ALL_LANGUAGES, _("All languages"))]
        self.fields["author"].choices = [("", _("Any author"))] + sorted(
            ((author.slug, author.localized("name", language)) for author in Author.objects.all()),
            key=lambda choice: choice[1],
        )

    def ignored_filters(self):
        """Messages for the filters whose values were not understood (call after is_valid)."""
        messages = []
        for name in self.errors:
            value = self.data[name]
            if len(value) > QUOTED_VALUE_LENGTH:
                value = value[:QUOTED_VALUE_LENGTH] + "…"
            messages.append(IGNORED_FILTER_MESSAGES[name] % {"value": value})
        return messages

    def value_of(self, name, default=None):
        """A filter's understood value, or `default` (None) when it was empty or not understood."""
        return self.cleaned_data.get(name) or default

    def languages(self):
        """The languages to search: the chosen one, every site language, or the page language."""
        chosen = self.value_of("language", self.page_language)
        if chosen == ALL_LANGUAGES:
            return list(LANGUAGE_CODES)
        return [chosen]
