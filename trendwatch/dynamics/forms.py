"""The range of weeks a reader picks for the dashboard and the data downloads."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from trendwatch.publishing.dates import validate_within_bounds, week_start

# The dashboard's default span, and the most weeks one chart or download may cover.
DEFAULT_WEEKS = 26
MAX_WEEKS = 156
ISO_DATE = "%Y-%m-%d"


class WeekRangeForm(forms.Form):
    """`start` and `end` are any days; each stands for the Monday-to-Sunday week that contains it."""

    # A date field's value is always ISO (2026-05-25), whatever the page's language shows.
    start = forms.DateField(
        label=_("From the week of"), required=False, widget=forms.DateInput(format=ISO_DATE, attrs={"type": "date"}),
        validators=[validate_within_bounds],
    )
    end = forms.DateField(
        label=_("To the week of"), required=False, widget=forms.DateInput(format=ISO_DATE, attrs={"type": "date"}),
        validators=[validate_within_bounds],
    )

    def __init__(self, data, default_first, default_last):
        super().__init__(data, initial={"start": default_first, "end": default_last})
        self.default_first, self.default_last = default_first, default_last

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        end = week_start(cleaned.get("end") or self.default_last)
        if cleaned.get("start"):
            start = week_start(cleaned["start"])
        elif cleaned.get("end"):
            start = end - (self.default_last - self.default_first)
        else:
            start = self.default_first
        if start > end:
            raise forms.ValidationError(_("The first week comes after the last one."), code="reversed")
        if (end - start).days // 7 + 1 > MAX_WEEKS:
            raise forms.ValidationError(
                _("A range may cover at most %(count)s weeks.") % {"count": MAX_WEEKS}, code="too_long"
            )
        cleaned["first_week"], cleaned["last_week"] = start, end
        return cleaned

    def weeks(self):
        """(first Monday, last Monday) of the valid range, or the defaults when the form has errors."""
        if self.is_valid():
            return self.cleaned_data["first_week"], self.cleaned_data["last_week"]
        return self.default_first, self.default_last


def dashboard_defaults(latest, first=None):
    """The last DEFAULT_WEEKS weeks (26) up to the week `latest`, starting no earlier than the archive's
    first week `first` (weeks before it had no commentary to miss)."""
    start = latest - datetime.timedelta(weeks=DEFAULT_WEEKS - 1)
    return (max(start, first) if first else start), latest
