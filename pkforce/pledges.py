"""Pledges from a spreadsheet: one row per unit in, a scenario that validates out.

Analysts keep the contributors' pledges in a workbook. :func:`read_pledges` reads one (``.xlsx``
with openpyxl, or ``.csv``), checks every cell, builds a scenario around the units (the operation
from the ``Scenario`` sheet or the caller, and a skeleton decision procedure to be dated by hand),
and validates it. Every problem is a :class:`CellProblem` that names its cell, like
``pledges.xlsx:Units!F12``; a scenario is returned only when there is none.

The columns (docs/import-export.md; :func:`write_template` writes an example workbook):

==================  ===========================================================================
column              meaning
==================  ===========================================================================
id                  unique unit id (required)
name                the unit's name
nation              the contributing state's ISO 3166-1 alpha-3 code, or ``multinational`` (required)
category            command, combat, police, observers, combat_support, technical_support, ...
type                a catalogue entry giving defaults (infantry_battalion, formed_police_unit, ...)
echelon             team ... division
parent              the id of the commanding unit (empty: the combined command)
military, police,   personnel by kind: whole numbers (empty: the type's figures)
civilian
readiness min,      time from the nation's approval to ready to move: an ISO 8601 duration
mode, max           (P14D) or a number of days; mode alone is a fixed time
capabilities        catalogue capabilities, separated by commas
==================  ===========================================================================
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["COLUMNS", "CellProblem", "PledgeError", "Pledges", "read_pledges", "template_rows", "write_template"]

COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "nation",
    "category",
    "type",
    "echelon",
    "parent",
    "military",
    "police",
    "civilian",
    "readiness_min",
    "readiness_mode",
    "readiness_max",
    "capabilities",
)
"""The columns of the units sheet, in the template's order (headers match case- and space-blind)."""

_REQUIRED = ("id", "nation")
_PERSONNEL = ("military", "police", "civilian")
_READINESS = ("readiness_min", "readiness_mode", "readiness_max")
_SETTINGS = ("id", "title", "organization", "kind", "host_state", "host_state_name", "coordinating_state", "start")
"""Keys of the optional `Scenario` sheet (column A: key, column B: value)."""

UNITS_SHEET = "Units"
SCENARIO_SHEET = "Scenario"


@dataclass(frozen=True)
class CellProblem:
    """One problem, at a cell (``F12``) of a sheet, or of the whole file when ``cell`` is None."""

    file: str
    sheet: str | None
    cell: str | None
    message: str
    fix: str | None = None

    @property
    def where(self) -> str:
        if self.cell is None:
            return self.file
        return f"{self.file}:{self.sheet}!{self.cell}" if self.sheet else f"{self.file}:{self.cell}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" + (f"\n  = fix: {self.fix}" if self.fix else "")


class PledgeError(ValueError):
    """The pledges cannot become a scenario; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[CellProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Pledges:
    """The result of an import: the scenario's YAML text and the warnings pkforce found in it."""

    yaml: str
    warnings: list[CellProblem] = field(default_factory=list)


def _cell_order(problem: CellProblem) -> tuple[int, int, int]:
    """Whole-file problems first, then by row and column."""
    match = re.fullmatch(r"([A-Z]+)(\d+)", problem.cell or "")
    if match is None:
        return (0, 0, 0)
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return (1, int(match[2]), column)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _key(header: Any) -> str:
    return re.sub(r"[\s_-]+", "_", str(header or "").strip().lower())


@dataclass
class _Sheet:
    file: str
    name: str | None  # None for CSV
    rows: list[tuple[int, list[Any]]]  # (1-based row number, cell values)

    def problem(self, row: int, col: int, message: str, fix: str | None = None) -> CellProblem:
        return CellProblem(self.file, self.name, f"{_column_letter(col)}{row}", message, fix)


def _read_xlsx(path: Path, label: str) -> tuple[_Sheet, _Sheet | None]:
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise PledgeError(
            [CellProblem(label, None, None, "reading .xlsx needs openpyxl", "pip install openpyxl")]
        ) from exc
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise PledgeError(
            [
                CellProblem(
                    label,
                    None,
                    None,
                    f"not a readable .xlsx workbook ({exc})",
                    "save it from your spreadsheet program as Excel Workbook (.xlsx)",
                )
            ]
        ) from exc

    def sheet(ws: Any) -> _Sheet:
        rows = [(i, list(values)) for i, values in enumerate(ws.iter_rows(values_only=True), start=1)]
        return _Sheet(label, ws.title, rows)

    units = book[UNITS_SHEET] if UNITS_SHEET in book.sheetnames else book.worksheets[0]
    settings = book[SCENARIO_SHEET] if SCENARIO_SHEET in book.sheetnames else None
    result = sheet(units), (sheet(settings) if settings is not None else None)
    book.close()
    return result


def _read_csv(text: str, label: str) -> _Sheet:
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):  # one column, or too little to tell: plain commas
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    rows = [(i, list(r)) for i, r in enumerate(csv.reader(io.StringIO(text), dialect), start=1)]
    return _Sheet(label, None, rows)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _whole(value: Any) -> int | None:
    """A whole non-negative number from a cell, or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    return None


def _duration(value: Any) -> str | None:
    """An ISO 8601 duration from a cell: the text itself, or a number of days."""
    from .scenario.types import parse_duration

    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return f"P{int(value) if float(value).is_integer() else value}D"
    text = str(value).strip()
    if re.fullmatch(r"\d+([.,]\d+)?", text):
        return f"P{text.replace(',', '.')}D"
    try:
        return parse_duration(text.upper()).text
    except ValueError:
        return None


def _units(sheet: _Sheet, problems: list[CellProblem]) -> tuple[list[dict[str, Any]], list[tuple[int, dict[str, int]]]]:
    """Unit mappings and, for each, its row and the column of each field (to place later findings)."""
    rows = [(n, r) for n, r in sheet.rows if any(_text(v) for v in r)]
    if not rows:
        problems.append(
            CellProblem(
                sheet.file,
                sheet.name,
                None,
                "the sheet is empty",
                "start from `pkforce import --template pledges.xlsx`",
            )
        )
        return [], []
    header_row, header = rows[0]
    columns: dict[str, int] = {}
    for col, raw in enumerate(header):
        key = _key(raw)
        if not key:
            continue
        if key not in COLUMNS:
            from .rules import did_you_mean

            problems.append(
                sheet.problem(
                    header_row,
                    col,
                    f"unknown column `{raw}`{did_you_mean(key, COLUMNS)}",
                    f"the columns are: {', '.join(COLUMNS)}",
                )
            )
        elif key in columns:
            problems.append(sheet.problem(header_row, col, f"column `{raw}` appears twice"))
        else:
            columns[key] = col
    for key in _REQUIRED:
        if key not in columns:
            problems.append(
                CellProblem(
                    sheet.file,
                    sheet.name,
                    f"A{header_row}",
                    f"no `{key}` column",
                    f"add a column headed `{key}` (the header is the first row)",
                )
            )
    if any(k not in columns for k in _REQUIRED):
        return [], []

    units: list[dict[str, Any]] = []
    places: list[tuple[int, dict[str, int]]] = []
    seen: dict[str, str] = {}
    for row, values in rows[1:]:

        def cell(key: str, _values: list[Any] = values) -> Any:
            col = columns.get(key)
            return _values[col] if col is not None and col < len(_values) else None

        def bad(key: str, message: str, fix: str | None = None, _row: int = row) -> None:
            problems.append(sheet.problem(_row, columns[key], message, fix))

        unit: dict[str, Any] = {}
        for key in ("id", "name", "nation", "category", "type", "echelon", "parent"):
            text = _text(cell(key))
            if text is not None:
                unit[key] = text.upper() if key == "nation" and text.lower() != "multinational" else text
        for key in _REQUIRED:
            if key not in unit:
                bad(key, f"`{key}` is empty", "every unit needs an id and a nation")
        if "id" in unit:
            here = sheet.problem(row, columns["id"], "").cell or ""
            if unit["id"] in seen:
                bad("id", f"id `{unit['id']}` is already used in {seen[unit['id']]}", "give every unit its own id")
            seen.setdefault(unit["id"], here)

        def converted(keys: tuple[str, ...], parse: Any, message: str, fix: str) -> dict[str, Any]:
            """The cells of `keys` that `parse` accepts; the others are reported (and left out)."""
            values: dict[str, Any] = {}
            for key in keys:
                raw = cell(key)
                if _text(raw) is None:
                    continue
                value = parse(raw)
                if value is None:
                    bad(key, message.format(key=key, raw=_text(raw)), fix)
                else:
                    values[key] = value
            return values

        personnel = converted(
            _PERSONNEL,
            _whole,
            "{key} personnel `{raw}` is not a whole number of people",
            "write a whole number such as 120, or leave the cell empty for the type's figure",
        )
        if personnel:
            unit["personnel"] = personnel
        readiness = {
            key.removeprefix("readiness_"): value
            for key, value in converted(
                _READINESS,
                _duration,
                "`{raw}` is not a duration",
                "write an ISO 8601 duration such as P14D, or a number of days such as 14",
            ).items()
        }
        if set(readiness) == {"mode"}:
            unit["readiness"] = readiness["mode"]
        elif set(readiness) == {"min", "mode", "max"}:
            unit["readiness"] = {k: readiness[k] for k in ("min", "mode", "max")}
        elif filled := [k for k in _READINESS if _text(cell(k)) is not None]:
            missing = [k.removeprefix("readiness_") for k in _READINESS if k not in filled]
            if filled != ["readiness_mode"] and missing:  # (a filled but bad cell is reported already)
                bad(
                    f"readiness_{missing[0]}",
                    f"readiness {missing[0]} is empty while the others are given",
                    "give min, mode and max (a range), or only mode (a fixed time)",
                )
        caps = _text(cell("capabilities"))
        if caps is not None:
            unit["capabilities"] = [c.strip() for c in re.split(r"[,;\n]", caps) if c.strip()]
        units.append(unit)
        places.append((row, columns))
    if not units and not problems:
        problems.append(CellProblem(sheet.file, sheet.name, None, "the sheet has a header but no units"))
    return units, places


def _settings(sheet: _Sheet | None, problems: list[CellProblem]) -> dict[str, str]:
    found: dict[str, str] = {}
    if sheet is None:
        return found
    for row, values in sheet.rows:
        key, value = _key(values[0] if values else None), _text(values[1] if len(values) > 1 else None)
        if not key or value is None or key in ("key", "setting"):
            continue
        if key not in _SETTINGS:
            problems.append(
                sheet.problem(row, 0, f"unknown setting `{values[0]}`", f"the settings are: {', '.join(_SETTINGS)}")
            )
        else:
            found[key] = value
    return found


def _plain_date(text: str) -> Any:
    """A date as a date object, so YAML writes it unquoted (pkforce reads it as text either way)."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _procedure(
    kind: str, host: str, organization: str, nations: Sequence[str], start: str, coordinating: str | None = None
) -> list[dict[str, Any]]:
    """A skeleton decision path, dated from `start`: every step a scenario needs, to be corrected by hand."""
    from .data import organization_profile

    profile = organization_profile(organization)
    steps: list[dict[str, Any]] = []
    if kind == "member_territory":
        steps.append({"step": "application", "by": host, "date": _plain_date(start)})
        steps.append({"step": "council_decision", "after": "application", "duration": "P1D"})
    else:
        steps.append({"step": "un_mandate", "date": _plain_date(start)})
        steps.append({"step": "council_decision", "after": "un_mandate", "duration": "P7D"})
    steps.append({"step": "un_notification", "after": "council_decision", "duration": "PT0H"})
    if kind == "un_operation" and coordinating:
        steps.append(
            {"step": "coordinating_state", "state": coordinating, "after": "council_decision", "duration": "PT0H"}
        )
    for nation in nations:
        step: dict[str, Any] = {"step": "national_approval", "state": nation, "after": "council_decision"}
        default = profile.national_approval.get(nation) if profile is not None else None
        if default is not None:
            step["body"] = default.body
            delay = default.delay
            if delay is not None:
                step["duration"] = (
                    delay.text
                    if hasattr(delay, "text")
                    else {"min": delay.min.text, "mode": delay.mode.text, "max": delay.max.text}
                )
        steps.append(step)
    return steps


def _locate(
    problems: list[CellProblem],
    sheet: _Sheet,
    places: list[tuple[int, dict[str, int]]],
    diagnostics: Iterable[Any],
    label: str,
) -> None:
    """pkforce's findings on the built scenario, placed back on the cells they came from."""
    by_field = {"personnel": "military", "readiness": "readiness_mode", "unit": "id"}
    for d in diagnostics:
        path = tuple(d.path)
        if len(path) >= 2 and path[0] == "units" and isinstance(path[1], int) and path[1] < len(places):
            row, columns = places[path[1]]
            name = str(path[2]) if len(path) > 2 else "id"
            if name == "readiness" and len(path) > 3:
                name = f"readiness_{path[3]}"
            elif name == "personnel" and len(path) > 3:
                name = str(path[3])
            key = name if name in columns else by_field.get(name, "id")
            col = columns.get(key, columns.get("id", 0))
            problems.append(sheet.problem(row, col, f"{d.code} {d.name}: {d.message}", d.fix))
        else:
            problems.append(CellProblem(label, None, None, f"{d.code} {d.name}: {d.message}", d.fix))


def read_pledges(
    path: str | Path,
    data: bytes | None = None,
    *,
    kind: str | None = None,
    host_state: str | None = None,
    organization: str | None = None,
    title: str | None = None,
    start: str | None = None,
    scenario_id: str | None = None,
) -> Pledges:
    """Read a pledges workbook (.xlsx) or table (.csv) into scenario YAML; raise :class:`PledgeError`.

    Keyword arguments override the workbook's `Scenario` sheet. `data` gives the file's bytes
    (standard input); otherwise `path` is read.
    """
    import yaml

    from .scenario.types import parse_timestamp
    from .validation import validate_text

    path = Path(path)
    label = str(path)
    problems: list[CellProblem] = []
    settings_sheet: _Sheet | None = None
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        if data is not None:
            import tempfile

            with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
                tmp.write(data)
                tmp.flush()
                sheet, settings_sheet = _read_xlsx(Path(tmp.name), label)
        else:
            sheet, settings_sheet = _read_xlsx(path, label)
    elif suffix in (".csv", ".tsv", ".txt"):
        raw = data if data is not None else path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PledgeError(
                [
                    CellProblem(
                        label,
                        None,
                        None,
                        "the file is not UTF-8 text",
                        "save it as CSV UTF-8 from your spreadsheet program",
                    )
                ]
            ) from None
        sheet = _read_csv(text, label)
    else:
        raise PledgeError(
            [
                CellProblem(
                    label,
                    None,
                    None,
                    f"cannot read `{path.suffix or path.name}` files",
                    "give a .xlsx workbook or a .csv file",
                )
            ]
        )

    units, places = _units(sheet, problems)
    settings = _settings(settings_sheet, problems)
    given = {
        "kind": kind,
        "host_state": host_state,
        "organization": organization,
        "title": title,
        "start": start,
        "id": scenario_id,
    }
    settings.update({k: v for k, v in given.items() if v is not None})
    kind = settings.get("kind", "member_territory")
    if kind not in ("member_territory", "un_operation"):
        problems.append(
            CellProblem(label, None, None, f"operation kind `{kind}` is not member_territory or un_operation")
        )
    host = settings.get("host_state", "").upper()
    if not host:
        problems.append(
            CellProblem(
                label,
                None,
                None,
                "the host state is not given",
                "add `host_state` to the Scenario sheet, or pass --host-state KGZ",
            )
        )
    # Day 0 defaults to today: the rules judge a scenario by the law in force on its dates.
    start_text = settings.get("start") or datetime.now(UTC).date().isoformat()
    try:
        parse_timestamp(start_text)
    except ValueError:
        problems.append(CellProblem(label, None, None, f"start `{start_text}` is not a date such as 2027-03-01"))
    if not units or not host or any(p.cell is None for p in problems):
        raise PledgeError(problems)
    # Cell problems so far leave that value out; the scenario is still built and checked, so one
    # run reports every problem (a misspelt category as well as a bad number).

    organization = settings.get("organization", "csto").lower()
    nations = sorted({u["nation"] for u in units if u.get("nation") and u["nation"] != "multinational"})
    doc: dict[str, Any] = {"pkforce": 1}
    doc["id"] = settings.get("id", re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "pledges")
    doc["title"] = settings.get("title", f"Pledges from {path.name}")
    doc["start"] = _plain_date(start_text)
    doc["organization"] = organization
    from .data import is_user_assigned

    if is_user_assigned(host):  # a fictional state (XZA...) is declared, as the format asks
        doc["states"] = {host: settings.get("host_state_name", host)}
    doc["operation"] = {"kind": kind, "host_state": host}
    # A UN operation needs a coordinating state: the one given, else the contributor with most units.
    rows = [u["nation"] for u in units if u.get("nation") in nations]
    coordinating = settings.get("coordinating_state", "").upper() or (
        max(nations, key=lambda n: (rows.count(n), -nations.index(n))) if nations else None
    )
    doc["procedure"] = _procedure(kind, host, organization, nations, start_text, coordinating)
    doc["units"] = units
    text = (
        f"# Generated by `pkforce import` from {path.name}. The procedure is a skeleton dated from\n"
        f"# {start_text}: set the real dates and durations before simulating (docs/import-export.md).\n"
        + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110)
    )
    report = validate_text(text, label)
    _locate(problems, sheet, places, report.errors, label)
    if problems:
        raise PledgeError(sorted(problems, key=_cell_order))
    warnings: list[CellProblem] = []
    _locate(warnings, sheet, places, report.warnings, label)
    return Pledges(text, warnings)


def template_rows() -> list[list[Any]]:
    """The template's units sheet: the header and example rows (a small CPF contingent)."""
    return [
        list(COLUMNS),
        [
            "cc",
            "Combined Command",
            "multinational",
            "command",
            "headquarters",
            "brigade",
            "",
            60,
            "",
            8,
            "P3D",
            "P5D",
            "P10D",
            "command_and_control",
        ],
        ["kazbat", "KAZBAT", "KAZ", "", "infantry_battalion", "", "cc", "", "", "", 7, 14, 30, ""],
        [
            "kgz-coy",
            "Kyrgyz rifle company",
            "KGZ",
            "combat",
            "",
            "company",
            "kazbat",
            120,
            "",
            "",
            5,
            10,
            20,
            "infantry",
        ],
        [
            "rus-med",
            "Russian medical detachment",
            "RUS",
            "",
            "role_2_hospital",
            "",
            "cc",
            "",
            "",
            "",
            "P5D",
            "P10D",
            "P21D",
            "",
        ],
    ]


def write_template(path: str | Path) -> bytes:
    """The template workbook (.xlsx) or table (.csv) for `path`'s suffix, as bytes."""
    suffix = Path(path).suffix.lower()
    rows = template_rows()
    if suffix == ".csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    units = book.active
    units.title = UNITS_SHEET
    for row in rows:
        units.append([None if v == "" else v for v in row])
    for cell in units[1]:
        cell.font = Font(bold=True)
    units.freeze_panes = "A2"
    settings = book.create_sheet(SCENARIO_SHEET)
    for row in (
        ["key", "value"],
        ["id", "pledges-example"],
        ["title", "CPF pledges (example)"],
        ["organization", "csto"],
        ["kind", "member_territory"],
        ["host_state", "KGZ"],
        ["start", "2027-03-01"],
    ):
        settings.append(row)
    settings["A1"].font = settings["B1"].font = Font(bold=True)
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    return out_bytes.getvalue()
