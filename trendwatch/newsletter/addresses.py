"""Turn what a reader typed into one canonical address, or say exactly what is wrong with it."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_ADDRESS_LENGTH = 254
# Characters that only belong in display names, lists or quoted local parts: a subscription is one
# plain address, and refusing these keeps anything header-like out of the To: line.
NOT_IN_AN_ADDRESS = set('"<>,;:()[]\\ ')


def normalise_address(raw):
    """The address lower-cased, with its domain in ASCII (IDNA); ValidationError when it is no address.

    Addresses are treated case-insensitively, as every large mail provider does, so one person
    cannot be subscribed twice as Anna@… and anna@….
    """
    address = (raw or "").strip()
    if not address:
        raise ValidationError(_("Enter your email address."), code="required")
    if any(ord(character) < 32 or ord(character) == 127 for character in address):
        raise ValidationError(_("The address contains a line break or another control character."), code="control")
    if len(address) > MAX_ADDRESS_LENGTH:
        raise ValidationError(
            _("The address is longer than %(limit)s characters.") % {"limit": MAX_ADDRESS_LENGTH}, code="length"
        )
    if NOT_IN_AN_ADDRESS & set(address):
        raise ValidationError(
            _("Enter a single plain address such as name@example.org, without a name, quotes or spaces."),
            code="plain",
        )
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or "@" in local:
        raise ValidationError(_("An address has one @ with a name before it and a domain after it."), code="at")
    if not local.isascii():
        raise ValidationError(_("Only Latin letters, digits and .-_+ are accepted before the @."), code="local")
    try:
        domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError(_("The domain after the @ is not a valid domain name."), code="domain")
    if "." not in domain:  # validate_email accepts "localhost"; no reader's mailbox lives there
        raise ValidationError(_("The domain after the @ is not a valid domain name."), code="domain")
    address = f"{local}@{domain}".lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(_("This is not a valid email address."), code="invalid")
    return address
