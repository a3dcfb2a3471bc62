from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trendwatch.publishing.models import Trend

from .addresses import MAX_ADDRESS_LENGTH, normalise_address


class TrendChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, trend):
        return trend.localized("name", get_language() or settings.LANGUAGE_CODE)


def trend_field():
    return TrendChoices(
        queryset=Trend.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Only these trends (leave all unticked for every trend)"),
    )


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)
    trends = trend_field()


class SubscribeForm(PreferencesForm):
    field_order = ["email", "language", "trends"]
    email = forms.CharField(
        label=_("Email address"),
        # Room for a too-long address to arrive and be refused with a clear message.
        max_length=MAX_ADDRESS_LENGTH * 4,
        error_messages={"required": _("Enter your email address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "name@example.org"}),
    )

    def clean_email(self):
        return normalise_address(self.cleaned_data["email"])
