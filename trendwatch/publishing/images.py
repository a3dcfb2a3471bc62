"""Images that say where they come from: the credit line under every lead image."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CreditedImage(AbstractImage):
    """An image that always says where it comes from."""

    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_('Shown as "Image: …" under the picture.')
    )
    admin_form_fields = Image.admin_form_fields + ("credit",)

    def missing_for_publication(self):
        """What a published article needs from its lead image and this one lacks."""
        missing = []
        if not self.credit.strip():
            missing.append(_("a credit line"))
        if not (self.description or "").strip():
            missing.append(_("alt text (the image's description)"))
        return missing


class CreditedRendition(AbstractRendition):
    image = models.ForeignKey(CreditedImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
