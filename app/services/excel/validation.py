"""Field values checked by the same rules as the screens, fast enough for 100k rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from app.domain.errors import UserFacingError
from app.domain.idnumber import parse_id_number
from app.domain.members import check_member_values
from app.domain.pinyin import name_initials
from app.services.fields import FieldSpec


class FieldParser:
    """parse_fields for one set of field specs, remembering per field the values it has parsed:
    over 100k rows the same few dozen values of relation, health or education come back again
    and again. A field that shows more than _FIELD_LIMIT different values (names, ID numbers,
    telephone numbers) is no longer remembered: its values are parsed each time. Same results
    and the same errors as parse_fields; values are field names."""

    def __init__(self, specs: dict[str, FieldSpec],
                 normalize: Callable[[str, Any], Any] | None = None) -> None:
        self.specs = specs
        self.normalize = normalize  # applied to a value before parsing it (village spellings)
        self.required = [spec for spec in specs.values() if spec.required]
        # Per field: value → parsed value (or the error); None for a field no longer remembered.
        self.memos: dict[str, dict[Any, Any] | None] = {}

    def require(self, values: dict[str, Any]) -> None:
        """Refuse values that leave out a required field, as parse_fields does when creating."""
        for spec in self.required:
            if spec.name not in values:
                raise UserFacingError(f"请填写“{spec.label}”。", field=spec.label)

    def parse(self, values: dict[str, Any], creating: bool = False) -> dict[str, Any]:
        if creating:
            self.require(values)
        parsed = {}
        memos = self.memos
        for name, value in values.items():
            memo = memos.get(name, _NEW)
            if memo is None:
                hit = self._parse(name, value)
            else:
                if memo is _NEW:
                    memo = memos[name] = {}
                try:
                    hit = memo.get(value, _MISSING)
                except TypeError:  # a list or other unhashable value: parse it afresh
                    hit = self._parse(name, value)
                else:
                    if hit is _MISSING:
                        hit = memo[value] = self._parse(name, value)
                        if len(memo) > _FIELD_LIMIT:
                            memos[name] = None
            if isinstance(hit, UserFacingError):
                raise UserFacingError(hit.message, field=hit.field)
            parsed[name] = list(hit) if type(hit) is list else hit  # each caller gets its own list
        return parsed

    def _parse(self, name: str, value: Any) -> Any:
        """The parsed value, or the error (returned, so that it can be remembered)."""
        spec = self.specs[name]
        try:
            hit = spec.parse(self.normalize(name, value) if self.normalize else value, spec.label)
            if spec.required and hit in ("", None, []):
                raise UserFacingError(f"“{spec.label}”不能为空。", field=spec.label)
        except UserFacingError as error:
            return error
        return hit


_FIELD_LIMIT = 2_000
_MISSING = object()
_NEW: dict[Any, Any] = {}  # marks a field not met yet (never filled)


def validated_member(values: dict[str, Any]) -> dict[str, Any]:
    """The member's stored values, checked by the rules of households._apply_member_values.

    The ID number was validated when its cell was cleaned, so sex, birth date and the reversed
    number are read straight from it instead of parsing it a second time (that second parse was
    a fifth of a 100k-row dry run). The rules between fields are the register's own (check_member_values)."""
    check_member_values(values)
    number = values["id_number"]
    if len(number) != 18:  # never from a cleaned cell; kept so the rule cannot be skipped
        number = parse_id_number(number).number
    return {**values, "id_number": number, "id_number_reversed": number[::-1],
            "sex": "男" if int(number[16]) % 2 else "女",
            "birth_date": date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
            "name_initials": name_initials(values["name"])}
