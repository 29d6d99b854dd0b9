"""Value types of the scenario format: durations, random durations and timestamps.

Durations are ISO 8601 (``P14D``, ``PT6H``, ``P12M``). pkforce counts time in days: a month is
30 days and a year 365 days, which is what planners mean by "P12M" in a mandate (documented in
docs/scenario.md). Timestamps are ISO 8601 dates or date-times; a date means midnight in the
scenario's time zone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Annotated, Any, Final

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, GetCoreSchemaHandler, Tag
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from .._messages import tr

__all__ = [
    "DAYS_PER_MONTH",
    "DAYS_PER_YEAR",
    "DURATION_PATTERN",
    "Duration",
    "DurationSpec",
    "Timestamp",
    "Triangular",
    "parse_duration",
    "parse_timestamp",
    "parse_timezone",
]

DAYS_PER_MONTH = 30.0
DAYS_PER_YEAR = 365.0

DURATION_PATTERN: Final = (
    r"^\s*P(?!\s*$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?\s*$"
)
"""What :func:`parse_duration` accepts, written so that Python and JSON Schema (ECMA-262) read it alike:
the scenario schema uses this very text, so an editor accepts exactly the durations pkforce does."""
_DURATION_RE = re.compile(DURATION_PATTERN)
_DURATION_UNITS = ("y", "mo", "w", "d", "h", "mi", "s")
_DAYS_PER = {"y": DAYS_PER_YEAR, "mo": DAYS_PER_MONTH, "w": 7.0, "d": 1.0, "h": 1 / 24, "mi": 1 / 1440, "s": 1 / 86400}


@dataclass(frozen=True, slots=True)
class Duration:
    """A fixed ISO 8601 duration, kept with its text so messages quote what the user wrote.

    >>> Duration.parse("P1DT12H").days
    1.5
    """

    days: float
    text: str

    @classmethod
    def parse(cls, text: str) -> Duration:
        return parse_duration(text)

    @classmethod
    def of_days(cls, days: float) -> Duration:
        whole = int(days)
        if whole == days:
            return cls(float(days), f"P{whole}D")
        return cls(float(days), f"PT{round(days * 24, 6):g}H")

    @property
    def mode(self) -> float:
        """The most likely value in days (the value itself)."""
        return self.days

    @property
    def low(self) -> float:
        return self.days

    @property
    def high(self) -> float:
        return self.days

    def as_timedelta(self) -> timedelta:
        return timedelta(days=self.days)

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> Duration:
            if isinstance(value, Duration):
                return value
            if isinstance(value, timedelta):
                return cls.of_days(value.total_seconds() / 86400)
            if isinstance(value, str):
                return parse_duration(value)
            raise PydanticCustomError(
                "duration_type",
                "expected an ISO 8601 duration such as P14D or PT6H, got {got}",
                {"got": _describe(value)},
            )

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(lambda d: d.text)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: Any) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "ISO 8601 duration, e.g. P14D (14 days), PT6H (6 hours), P12M (12 months = 360 days)",
            "examples": ["P14D", "PT6H", "P12M"],
        }


def _describe(value: Any) -> str:
    """What a wrong value is, for a message: "the number 5", "a list", or the text quoted."""
    if value is None:
        return tr("nothing")
    if isinstance(value, bool):
        return tr("the boolean %(value)s", value=str(value).lower())
    if isinstance(value, int | float):
        return tr("the number %(value)s", value=str(value))
    if isinstance(value, dict):
        return tr("a mapping")
    if isinstance(value, list):
        return tr("a list")
    return repr(value)


def finite_number(value: float | None) -> float | None:
    """`value` unless it is NaN or infinite (a PKF013 finding then)."""
    if value is not None and not math.isfinite(value):
        raise PydanticCustomError("finite_number", "expected a finite number, got {value}", {"value": str(value)})
    return value


def count_value(value: Any) -> Any:
    """The check behind :data:`Count`, for fields that keep their plain `int` annotation."""
    return _count(value)


def _count(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError(
            "count_bool", "expected a number, got {value}: true and false are not counts", {"value": str(value).lower()}
        )
    if isinstance(value, int) and abs(value) > MAX_COUNT:
        raise PydanticCustomError(
            "count_range",
            "{value} is more than any force can hold (the most is {most})",
            {"value": f"{value:,}" if value.bit_length() < 400 else "the number", "most": f"{MAX_COUNT:,}"},
        )
    return value


MAX_COUNT = 10**9
"""No count above a billion: sums over any number of units then stay exact in 64-bit integers."""

Count = Annotated[int, BeforeValidator(_count)]
"""A number of people, units or runs: `military: true` is a mistake, not 1; 2**63 is refused."""


def parse_duration(text: str) -> Duration:
    """Parse an ISO 8601 duration into days.

    >>> parse_duration("P2W").days
    14.0
    """
    match = _DURATION_RE.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        hint, iso = "", _iso_for(text)
        if isinstance(text, str) and re.fullmatch(r"\d+(\.\d+)?", text.strip()):
            hint = f" (write P{text.strip()}D for {text.strip()} days)"
        elif iso:
            hint = f" (write {iso})"
        raise PydanticCustomError(
            "duration_format",
            "{text} is not an ISO 8601 duration such as P14D or PT6H{hint}",
            {"text": repr(text), "hint": hint, "iso": iso},
        )
    days = 0.0
    for key, value in zip(_DURATION_UNITS, match.groups(), strict=True):
        if value is not None:
            days += float(value.replace(",", ".")) * _DAYS_PER[key]
    if not days < _MAX_DAYS:  # a 400-digit number of days is infinite as a float
        raise PydanticCustomError(
            "duration_range",
            "{text} is longer than any scenario can use (the most is about 2.7 million years)",
            {"text": repr(text.strip()[:40])},
        )
    return Duration(days, text.strip())


_WORDS = re.compile(r"(\d+)\s*(d|days?|w|weeks?|h|hours?|months?|y|years?)", re.IGNORECASE)
_ISO_UNIT = {"d": "D", "w": "W", "h": "H", "m": "M", "y": "Y"}


def _iso_for(text: object) -> str:
    """What a hurried `5 days`, `2w` or `12 hours` is in ISO 8601 (`P5D`, `P2W`, `PT12H`), else ''."""
    match = _WORDS.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return ""
    number, unit = match.group(1), _ISO_UNIT[match.group(2)[0].lower()]
    return f"PT{number}H" if unit == "H" else f"P{number}{unit}"


_MAX_DAYS = 1e9
"""Longer durations are refused: every date computed from one must stay a real number."""


class Triangular(BaseModel):
    """A random duration: triangular distribution between ``min`` and ``max``, peaking at ``mode``."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    min: Duration
    mode: Duration
    max: Duration

    @property
    def low(self) -> float:
        return self.min.days

    @property
    def high(self) -> float:
        return self.max.days

    @property
    def days(self) -> float:
        """The most likely value, used by deterministic runs."""
        return self.mode.days

    def __str__(self) -> str:
        return f"{{min: {self.min}, mode: {self.mode}, max: {self.max}}}"


def text_or_mapping(
    text_tag: str, text: tuple[type, ...], mapping_tag: str, model: type
) -> Callable[[Any], str | None]:
    """A union discriminator for fields that take a short text form or a mapping (or a model):
    which branch a value belongs to, or None so pydantic reports one clear error, not one per branch."""

    def kind(value: Any) -> str | None:
        if isinstance(value, text) and not isinstance(value, bool):
            return text_tag
        if isinstance(value, dict | model):
            return mapping_tag
        return None

    return kind


_duration_kind = text_or_mapping("fixed", (str, Duration, timedelta), "random", Triangular)


DurationSpec = Annotated[
    Annotated[Duration, Tag("fixed")] | Annotated[Triangular, Tag("random")],
    Discriminator(
        _duration_kind,
        custom_error_type="duration_spec",
        custom_error_message="expected a duration such as P14D, or a random one {min: P7D, mode: P14D, max: P30D}",
    ),
]
"""A fixed :class:`Duration` or a :class:`Triangular` random one."""


_OFFSET_RE = re.compile(r"^(?:UTC)?([+-])(\d{2}):?(\d{2})$")


def parse_timezone(text: str) -> tzinfo:
    """``UTC``, a UTC offset (``+06:00``) or an IANA name (``Asia/Bishkek``)."""
    if text in ("UTC", "Z"):
        return UTC
    match = _OFFSET_RE.match(text)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(text)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError on odd names
        raise ValueError(
            tr("unknown time zone %(text)s: use UTC, an offset such as +06:00, or an IANA name", text=repr(text))
        ) from exc


def parse_timestamp(value: Any) -> date | datetime:
    """Parse an ISO 8601 date or date-time (offset optional)."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "timestamp_type", "expected an ISO 8601 date such as 2027-03-01, got {got}", {"got": _describe(value)}
        )
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError as exc:
        reason = str(exc)
        if "out of range" in reason or "must be in" in reason:  # Python's reason, in our words where known
            detail = tr(
                "%(text)s is not a real date (%(reason)s)", text=repr(text), reason=_DATE_REASONS.get(reason, reason)
            )
        else:
            detail = tr(
                "%(text)s is not an ISO 8601 date or date-time such as 2027-03-01 or 2027-03-01T22:00:00+06:00",
                text=repr(text),
            )
        raise PydanticCustomError("timestamp_format", "{message}", {"message": detail}) from None


_DATE_REASONS = {
    "day is out of range for month": tr("day is out of range for month"),
    "month must be in 1..12": tr("month must be in 1..12"),
    "hour must be in 0..23": tr("hour must be in 0..23"),
    "minute must be in 0..59": tr("minute must be in 0..59"),
    "second must be in 0..59": tr("second must be in 0..59"),
}
"""Python's reasons for an impossible date (the same English), translatable"""


def _timestamp_schema() -> core_schema.CoreSchema:
    return core_schema.no_info_plain_validator_function(
        parse_timestamp, serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.isoformat())
    )


class _TimestampMarker:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return _timestamp_schema()

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: Any) -> JsonSchemaValue:
        return {
            "type": "string",
            "description": "ISO 8601 date (midnight in the scenario's time zone) or date-time with an optional offset",
            "examples": ["2027-03-01", "2027-03-01T22:00:00+06:00"],
        }


Timestamp = Annotated[date | datetime, _TimestampMarker]
"""An ISO 8601 date or date-time."""
