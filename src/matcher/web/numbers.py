"""Numbers typed into links and forms, read strictly: ASCII digits only, and not too many."""

from __future__ import annotations

import re

from wtforms import DecimalField, Field, IntegerField

# str.isdigit() accepts '³' (which int() refuses) and int() accepts '٣', '1_000' and ' 7 ', and
# stops at 4,300 digits with a ValueError; nine ASCII digits are plenty for any page or count.
_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(text: str | None) -> int | None:
    """The value of a whole number written with one to nine ASCII digits; None for anything else."""
    if text is None or not _WHOLE.fullmatch(text):
        return None
    return int(text)


# Decimal() takes 'sNaN' (on which WTForms' NumberRange crashes), 'Infinity', '1e999999' and
# '٣'; a number typed into a form needs none of them.
_DECIMAL = re.compile(r"-?[0-9]{1,9}(?:\.[0-9]{1,9})?")
_INTEGER = re.compile(r"-?[0-9]{1,9}")


class PlainDecimalField(DecimalField):  # type: ignore[misc]  # WTForms has no type hints
    """A DecimalField that takes only ASCII digits with an optional point and minus sign."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Refuse anything but a plain decimal before Decimal() sees it."""
        _refuse_unless(_DECIMAL, valuelist, self, "Not a valid decimal value.")
        super().process_formdata([value.strip() for value in valuelist])


class PlainIntegerField(IntegerField):  # type: ignore[misc]  # WTForms has no type hints
    """An IntegerField that takes only ASCII digits with an optional minus sign."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Refuse anything but a plain whole number before int() sees it."""
        _refuse_unless(_INTEGER, valuelist, self, "Not a valid integer value.")
        super().process_formdata([value.strip() for value in valuelist])


def _refuse_unless(
    pattern: re.Pattern[str], valuelist: list[str], field: Field, message: str
) -> None:
    if valuelist and valuelist[0].strip() and not pattern.fullmatch(valuelist[0].strip()):
        field.data = None
        # WTForms' own message, so that its translation (Dutch) is shown as for any bad number.
        raise ValueError(field.gettext(message))
