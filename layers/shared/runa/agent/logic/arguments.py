"""Tool arguments read from a message by the tool's JSON Schema (the offline engine's argument filler).

Each parameter says what its value looks like, and that decides where to look:
- `name=value` / `name: value` written by the user always wins;
- `format`: email, uri, uuid, date (ISO, "3 March 2026", today/yesterday/tomorrow), date-time (ISO with an offset,
  or "2026-05-20 at 10:00 UTC");
- `pattern`: the first stretch of the message the pattern matches as a whole word (patterns that would match an
  ordinary word, such as `^[a-z]+$`, are only used for quoted or `name=value` text);
- `enum`: a value named in the message, case-insensitively ("wrong_item" matches "wrong item");
- a relative period ("last month", "this quarter", "last 7 days") when the name or description names the form:
  a month pattern or "YYYY-MM" gets "2026-04", "YYYY-Qn" gets "2026-Q2", a description that gives relative examples
  gets the phrase itself;
- numbers and integers: amounts such as "€40", "25.50", "1,200" or "ten", preferring one inside the bounds and
  near a word of the parameter;
- other strings: quoted text only.
Precise kinds are read first and each stretch of the message fills one parameter, so the digits of "RX-004512"
never become an amount. `check` then validates the result against the schema with jsonschema.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from runa.agent.logic.schema import argument_errors
from runa.agent.logic.text import tokens
from runa.agent.logic.tool_records import ToolDef

Span = tuple[int, int]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URI = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b(?![T:]|\s+(?:at\s+)?\d{1,2}:\d{2})")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_RELATIVE_DAY = re.compile(r"\b(today|yesterday|tomorrow)\b", re.IGNORECASE)
_DATE_TIME = re.compile(
    r"\b(\d{4}-\d{2}-\d{2})(?:T|\s+(?:at\s+)?)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?"
    r"\s*(Z\b|[+-]\d{2}:?\d{2}\b|UTC\b|GMT\b)?",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(?:(?:in|over|for|during)\s+)?(?:the\s+)?((?:last|this|next|previous|past|current)\s+(?:\d+\s+)?"
    r"(?:day|week|month|quarter|year)s?|today|yesterday|year to date|month to date)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?<![\w.,:/+-])([€$£]\s?)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w-]|[.,:]\d)", re.IGNORECASE
)
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER_WORD = re.compile(rf"\b({'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)
_UNIT = re.compile(r"\s*(second|minute|hour|day|week|month|quarter|year)s?\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“']([^\"”']{1,200})[\"”']")
_PERIOD_HINT = re.compile(r"\b(?:period|range|timeframe|time frame|window|span|relative)\b", re.IGNORECASE)
_ORDINARY_WORDS = ("hello", "order", "Please", "42", "x")


@dataclass
class Found:
    """What `extract` read: the arguments, and for each one how telling the evidence was (`strength`): 3 for a
    value only that parameter's format or pattern would take, 2 for an enum value or a period, 1 for the rest."""

    arguments: dict[str, Any] = field(default_factory=dict)
    strength: dict[str, int] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)  # where in the message the values were

    def rest(self, message: str) -> str:
        """The message without the values read from it."""
        for start, end in sorted(self.spans, reverse=True):
            message = f"{message[:start]} {message[end:]}"
        return message


@dataclass(frozen=True)
class Checked:
    arguments: dict[str, Any]
    missing: list[str]  # required parameters the message did not supply
    invalid: dict[str, str]  # parameter -> what is wrong with the value read

    @property
    def ready(self) -> bool:
        return not self.missing and not self.invalid


def _free(span: Span, taken: list[Span]) -> bool:
    return all(span[1] <= start or span[0] >= end for start, end in taken)


def _strip_anchors(pattern: str) -> str:
    inner = pattern[1:] if pattern.startswith("^") else pattern
    if inner.endswith("$") and not inner.endswith("\\$"):
        inner = inner[:-1]
    return inner


def _distinctive(pattern: re.Pattern[str]) -> bool:
    return not any(pattern.fullmatch(word) for word in _ORDINARY_WORDS)


def _pattern_candidates(raw: str, message: str) -> list[tuple[Span, str]]:
    try:
        exact = re.compile(raw)
        loose = re.compile(rf"(?<![\w-])(?:{_strip_anchors(raw)})(?![\w-]|\.\w)", re.IGNORECASE)
    except re.error:
        return []
    if not _distinctive(exact):
        return []
    found = []
    for match in loose.finditer(message):
        for value in (match.group(0), match.group(0).upper(), match.group(0).lower()):
            if exact.fullmatch(value):
                found.append((match.span(), value))
                break
    return found


def _dates(message: str, today: date) -> list[tuple[Span, str]]:
    found: list[tuple[Span, str]] = []
    for match in _ISO_DATE.finditer(message):
        found.append((match.span(), match.group(0)))
    for match in _DAY_MONTH_YEAR.finditer(message):
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
        found.append((match.span(), f"{year:04d}-{month:02d}-{day:02d}"))
    for match in _MONTH_DAY_YEAR.finditer(message):
        month, day, year = _MONTHS[match.group(1).lower()], int(match.group(2)), int(match.group(3))
        found.append((match.span(), f"{year:04d}-{month:02d}-{day:02d}"))
    for match in _RELATIVE_DAY.finditer(message):
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[match.group(1).lower()]
        found.append((match.span(), (today + timedelta(days=shift)).isoformat()))
    return sorted(found)


def _date_times(message: str) -> list[tuple[Span, str]]:
    found = []
    for match in _DATE_TIME.finditer(message):
        day, hour, minute, second, fraction, zone = match.groups()
        zone = zone or ""
        if zone.upper() in ("Z", "UTC", "GMT"):
            zone = "Z"
        elif zone and ":" not in zone:
            zone = f"{zone[:3]}:{zone[3:]}"
        value = f"{day}T{int(hour):02d}:{minute}:{second or '00'}{fraction or ''}{zone}"
        # Without a time zone the value is no RFC 3339 date-time: validation then asks for it.
        found.append((match.span(), value))
    return found


def _shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _period_form(prop: str, spec: dict[str, Any]) -> str | None:
    """How this parameter wants a period: "month" (YYYY-MM), "quarter" (YYYY-Qn), "year", "phrase", or None."""
    described = f"{prop} {spec.get('description', '')}"
    pattern = spec.get("pattern")
    try:
        month_pattern = bool(pattern and re.fullmatch(pattern, "2026-04"))
        quarter_pattern = bool(pattern and re.fullmatch(pattern, "2026-Q2"))
    except re.error:
        month_pattern = quarter_pattern = False
    if month_pattern or re.search(r"YYYY-MM(?!-DD)", described, re.IGNORECASE):
        return "month"
    if quarter_pattern or re.search(r"YYYY-?Q", described, re.IGNORECASE):
        return "quarter"
    if re.search(r"\bYYYY\b", described) or prop.lower() == "year":
        return "year"
    if spec.get("pattern") or spec.get("format") or spec.get("enum"):
        return None
    if _PERIOD_HINT.search(described) or _PERIOD.search(str(spec.get("description", ""))):
        return "phrase"
    return None


def _periods(message: str, form: str, today: date) -> list[tuple[Span, str]]:
    found = []
    for match in _PERIOD.finditer(message):
        phrase = " ".join(match.group(1).lower().split()).replace("previous", "last").replace("current", "this")
        value = phrase if form == "phrase" else _resolve(phrase, form, today)
        if value is not None:
            found.append((match.span(), value))
    if form == "month":
        for match in re.finditer(rf"\b({_MONTH_WORD})\.?\s+(\d{{4}})\b", message, re.IGNORECASE):
            found.append((match.span(), f"{int(match.group(2)):04d}-{_MONTHS[match.group(1).lower()]:02d}"))
    return sorted(found)


def _resolve(phrase: str, form: str, today: date) -> str | None:
    words = phrase.split()
    if len(words) != 2 or words[0] not in ("last", "this", "next") or not words[1].startswith(form):
        return None
    step = {"last": -1, "this": 0, "next": 1}[words[0]]
    if form == "month":
        return _shift_month(today, step).strftime("%Y-%m")
    if form == "quarter":
        quarter = (today.year * 4 + (today.month - 1) // 3) + step
        return f"{quarter // 4:04d}-Q{quarter % 4 + 1}"
    return str(today.year + step)


def _enum_candidates(values: list[Any], message: str) -> list[tuple[Span, Any]]:
    found = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        spelled = r"[\s_-]+".join(re.escape(part) for part in re.split(r"[\s_-]+", value.strip()))
        for match in re.finditer(rf"(?<![\w-]){spelled}(?:s|es)?(?![\w-])", message, re.IGNORECASE):
            found.append((match.span(), value))
    # The longest name wins where two overlap ("wrong item" over "item").
    return sorted(found, key=lambda row: (row[0][0], -(row[0][1] - row[0][0])))


def _numbers(message: str, integer: bool) -> list[tuple[Span, float | int]]:
    found: list[tuple[Span, float | int]] = []
    for match in _NUMBER.finditer(message):
        text = match.group(2).replace(",", "")
        if integer and "." in text:
            continue
        found.append((match.span(), int(text) if integer or "." not in text else float(text)))
    if integer:
        for match in _NUMBER_WORD.finditer(message):
            found.append((match.span(), _NUMBER_WORDS[match.group(1).lower()]))
    return sorted(found, key=lambda row: row[0])


def _in_bounds(value: float, spec: dict[str, Any]) -> bool:
    checks: list[Callable[[float], bool]] = []
    if isinstance(spec.get("minimum"), int | float):
        checks.append(lambda v: v >= spec["minimum"])
    if isinstance(spec.get("maximum"), int | float):
        checks.append(lambda v: v <= spec["maximum"])
    if isinstance(spec.get("exclusiveMinimum"), int | float):
        checks.append(lambda v: v > spec["exclusiveMinimum"])
    if isinstance(spec.get("exclusiveMaximum"), int | float):
        checks.append(lambda v: v < spec["exclusiveMaximum"])
    return all(check(value) for check in checks)


def _near(prop: str, spec: dict[str, Any], message: str, span: Span) -> bool:
    """A word of the parameter's name or description within three words of the value."""
    words = set(tokens(f"{prop} {spec.get('description', '')}"))
    before = tokens(message[: span[0]])[-3:]
    after = tokens(message[span[1] :])[:3]
    return bool(words & set(before + after))


def _foreign_unit(prop: str, spec: dict[str, Any], message: str, span: Span) -> bool:
    """A number of time units ("last 7 days") for a parameter that does not count that unit: not its value."""
    unit = _UNIT.match(message, span[1])
    return unit is not None and unit.group(1).lower() not in f"{prop} {spec.get('description', '')}".lower()


def _preceded_by_name(prop: str, message: str, span: Span) -> bool:
    return bool(re.search(rf"\b{re.escape(prop.replace('_', ' '))}\s*$", message[: span[0]].replace("_", " "), re.I))


def _explicit(prop: str, message: str) -> tuple[Span, str] | None:
    spelled = re.escape(prop).replace("_", "[ _]")
    match = re.search(rf"\b{spelled}\s*[:=]\s*(\"[^\"]*\"|'[^']*'|[^\s,;]+)", message, re.IGNORECASE)
    if not match:
        return None
    return match.span(), match.group(1).strip("\"'").rstrip(".")


def _coerce(value: str, spec: dict[str, Any]) -> Any:
    kind = spec.get("type")
    if kind == "integer" and re.fullmatch(r"-?\d+", value):
        return int(value)
    if kind == "number" and re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return float(value) if "." in value else int(value)
    if kind == "boolean":
        return {"true": True, "yes": True, "false": False, "no": False}.get(value.lower(), value)
    if spec.get("enum"):
        for option in spec["enum"]:
            if isinstance(option, str) and option.lower() == value.lower():
                return option
    return value


def _candidates(prop: str, spec: dict[str, Any], message: str, today: date) -> tuple[list[tuple[Span, Any]], int]:
    """Where this parameter's value may be in the message, and how telling that evidence is (see Found)."""
    fmt = spec.get("format")
    kind = spec.get("type")
    if fmt == "email":
        return [(m.span(), m.group(0)) for m in _EMAIL.finditer(message)], 3
    if fmt in ("uri", "url", "iri"):
        return [(m.span(), m.group(0).rstrip(".,;:!?)]}")) for m in _URI.finditer(message)], 3
    if fmt == "uuid":
        return [(m.span(), m.group(0).lower()) for m in _UUID.finditer(message)], 3
    if fmt == "date-time":
        return _date_times(message), 3
    if spec.get("enum"):
        return _enum_candidates(list(spec["enum"]), message), 2
    if fmt == "date":
        return _dates(message, today), 1
    form = _period_form(prop, spec) if kind in ("string", None) and not fmt else None
    if form is not None:
        found = _periods(message, form, today)
        if spec.get("pattern"):
            found += _pattern_candidates(spec["pattern"], message)
        return sorted(found, key=lambda row: row[0]), 2
    if isinstance(spec.get("pattern"), str):
        return _pattern_candidates(spec["pattern"], message), 3
    if kind in ("integer", "number"):
        return [], 1  # numbers come last: see extract
    return [], 1


def extract(tool: ToolDef, message: str, today: date) -> Found:
    properties: dict[str, Any] = tool.parameters.get("properties") or {}
    specs = {prop: (spec if isinstance(spec, dict) else {}) for prop, spec in properties.items()}
    found = Found()
    taken = found.spans

    def take(prop: str, span: Span, value: Any, strength: int) -> None:
        found.arguments[prop] = value
        found.strength[prop] = strength
        taken.append(span)

    for prop, spec in specs.items():
        explicit = _explicit(prop, message)
        if explicit is not None:
            take(prop, explicit[0], _coerce(explicit[1], spec), 3)

    for prop, spec in specs.items():
        if prop in found.arguments:
            continue
        candidates, strength = _candidates(prop, spec, message, today)
        free = [(span, value) for span, value in candidates if _free(span, taken)]
        # "from 2026-01-01 to 2026-03-31": a value right after the parameter's own name is its value.
        named = [row for row in free if _preceded_by_name(prop, message, row[0])]
        if named or free:
            span, value = (named or free)[0]
            take(prop, span, value, strength)

    for prop, spec in specs.items():
        if prop in found.arguments or spec.get("type") not in ("integer", "number") or spec.get("enum"):
            continue
        numbers = [
            row
            for row in _numbers(message, spec["type"] == "integer")
            if _free(row[0], taken) and not _foreign_unit(prop, spec, message, row[0])
        ]
        if not numbers:
            continue
        ranked = sorted(
            numbers,
            key=lambda row: (not _in_bounds(row[1], spec), not _near(prop, spec, message, row[0]), row[0][0]),
        )
        take(prop, ranked[0][0], ranked[0][1], 1)

    quoted = [(m.span(1), m.group(1)) for m in _QUOTED.finditer(message)]
    for prop, spec in specs.items():
        if prop in found.arguments or spec.get("type") not in ("string", None):
            continue
        free = [row for row in quoted if _free(row[0], taken)]
        if free:
            take(prop, free[0][0], free[0][1], 1)
    return found


def check(tool: ToolDef, arguments: dict[str, Any]) -> Checked:
    """The arguments against the tool's schema: required ones missing, and per parameter what is invalid."""
    required = [name for name in tool.parameters.get("required") or [] if isinstance(name, str)]
    missing = [name for name in required if name not in arguments]
    invalid: dict[str, str] = {}
    properties = tool.parameters.get("properties") or {}
    for name, value in arguments.items():
        spec = properties.get(name)
        zoned = isinstance(value, str) and re.search(r"(?:Z|[+-]\d{2}:\d{2})$", value)
        if isinstance(spec, dict) and spec.get("format") == "date-time" and not zoned:
            invalid[name] = f"{value!r} has no time zone; add one, such as Z (UTC) or +01:00"
    for problem in argument_errors(tool.parameters, arguments):
        where, _, what = problem.partition(": ")
        if what and where in arguments:
            invalid.setdefault(where, what)
        elif "is a required property" not in problem:
            invalid.setdefault("", problem)
    return Checked(arguments, missing, invalid)
