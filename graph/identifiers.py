"""Identifiers as small validated values: department codes, resource and item codes, record ids.

Checksums come from python-stdnum (`stdnum.cn.uscc`, `stdnum.cn.ric`), never from hand-written code.
Each function returns the normalised value or raises `ValueError` with a message that says what is
wrong, in the current language, quoting at most the start of the value.
"""

from __future__ import annotations

import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from graph.i18n import _, quote

_INTERNAL_CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:[-_.][A-Z0-9]+)*$")
_RESOURCE_CODE = re.compile(r"^\d{1,12}/\d{1,12}$")
_RECORD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
ITEM_SEPARATOR = "#"


def _stdnum(error: StdnumError) -> str:
    """What python-stdnum found wrong, in the current language."""
    name = type(error).__name__
    if name == "InvalidChecksum":
        return _("the check digit is wrong")
    if name == "InvalidLength":
        return _("the length is wrong")
    if name == "InvalidFormat":
        return _("the format is wrong")
    if name == "InvalidComponent":
        return _("a part of it is not valid (e.g. the region or the birth date)")
    return _("it is not valid")


def _looks_like_uscc(value: str) -> bool:
    return len(value) == 18 and value[:8].isdigit()


def credit_code(value: str) -> str:
    """A unified social credit code (统一社会信用代码), checksum verified."""
    try:
        return str(uscc.validate(value))
    except StdnumError as e:
        raise ValueError(_("{value} is not a valid unified social credit code (统一社会信用代码): {detail}", value=quote(value), detail=_stdnum(e))) from e


def citizen_id(value: str) -> str:
    """A resident identity card number (公民身份号码), checksum and birth date verified."""
    try:
        return str(ric.validate(value))
    except StdnumError as e:
        raise ValueError(_("{value} is not a valid citizen ID number (公民身份号码): {detail}", value=quote(value), detail=_stdnum(e))) from e


def internal_code(value: str) -> str:
    """A code a district assigns itself, e.g. `SJS-EIC-OA`: upper-case letters, digits and - _ . separators."""
    code = value.strip()
    if len(code) > 64 or not _INTERNAL_CODE.match(code):
        raise ValueError(_("{value} is not a valid code: use 1-64 upper-case letters and digits separated by - _ or .", value=quote(value)))
    return code


def department_code(value: str) -> str:
    """A department's unified social credit code where it has one, else an internal code (Art.13)."""
    code = value.strip().upper()
    if _looks_like_uscc(code):
        return credit_code(code)
    if code[:1].isdigit():
        raise ValueError(
            _("{value} is neither an 18-character unified social credit code nor an internal code starting with a letter", value=quote(value))
        )
    return internal_code(code)


def resource_code(value: str) -> str:
    """An information-resource code (信息资源代码): classification code / sequence code, e.g. `101001/000001`."""
    code = value.strip()
    if not _RESOURCE_CODE.match(code):
        raise ValueError(
            _("{value} is not an information-resource code: expected classification code/sequence code, digits only, e.g. 101001/000001", value=quote(value))
        )
    return code


def data_item_code(value: str) -> str:
    """A data item's code: its resource's code, `#`, and the item's name, e.g. `101001/000001#公民身份号码`."""
    resource, sep, name = value.partition(ITEM_SEPARATOR)
    if not sep or not name.strip():
        raise ValueError(_("{value} is not a data item code: expected <resource code>#<item name>", value=quote(value)))
    if ITEM_SEPARATOR in name:
        raise ValueError(_("{value}: an item name may not contain '{separator}'", value=quote(value), separator=ITEM_SEPARATOR))
    return f"{resource_code(resource)}{ITEM_SEPARATOR}{name.strip()}"


def make_item_code(resource: str, item_name: str) -> str:
    """The code of the item named `item_name` of resource `resource`."""
    return data_item_code(f"{resource}{ITEM_SEPARATOR}{item_name}")


def record_id(value: str) -> str:
    """The id of a record (use, citation, request, report, order): letters, digits and . _ : - (max 128)."""
    ident = value.strip()
    if not _RECORD_ID.match(ident):
        raise ValueError(_("{value} is not a valid id: use letters, digits and . _ : - (1-128 characters)", value=quote(value)))
    return ident
