"""The editors' article form."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    """Publishing asks more of an article than saving a draft does.

    An editor's approval in review publishes too (the review workflow has one step), so it is held
    to the same rules; without them an undated article went live and was listed nowhere. Submitting
    for review asks the same, because an approval from the dashboard publishes without this form.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date = self.fields["published_at"]
        # Marked as needed (publishing fails without it) and filled in with the present moment for a
        # new article, as most are published the day they are written.
        date.required = True
        if self.instance.pk is None and not self.initial.get("published_at"):
            self.initial["published_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def publishes(self):
        return "action-publish" in self.data or "action-submit" in self.data or (
            "action-workflow-action" in self.data and self.data.get("workflow-action-name") == "approve"
        )

    def clean(self):
        cleaned = super().clean()
        if not self.publishes():
            return cleaned
        if not cleaned.get("published_at"):
            self.add_error("published_at", _("An article needs a publication date and time before it is published."))
        image = cleaned.get("lead_image")
        if image is not None and (missing := image.missing_for_publication()):
            self.add_error(
                "lead_image",
                _("The lead image needs %(missing)s before the article is published.")
                % {"missing": ", ".join(str(item) for item in missing)},
            )
        return cleaned
