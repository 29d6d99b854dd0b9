"""Generate docs/rules.md, docs/scenario.md and docs/pkforce.schema.json from the code.

python -m pkforce._docgen          # rewrite the files
python -m pkforce._docgen --check  # exit 1 if any is out of date (the test suite does this)
"""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import codes

DOCS = Path(__file__).resolve().parent.parent / "docs"


def rules_md() -> str:
    from .rules import RULES

    families = {
        "file": "File and format (PKF0xx)",
        "procedure": "Decision procedure: Article 3 and the 2021 Protocol (PKF1xx)",
        "law": "Law on the date: instruments, operation kinds, authorised strength (PKF123-PKF128)",
        "composition": "Composition of the force (PKF2xx)",
        "structure": "Command structure (PKF3xx)",
        "requirements": "Requirements, injects and settings (PKF4xx)",
        "exercise": "Exercises and teaching content (PKF5xx)",
    }
    out = [
        "# Rule reference",
        "",
        "Generated from the rules' docstrings by `python -m pkforce._docgen`; do not edit by hand.",
        "`pkforce explain CODE` prints the same page in the terminal. Severity is the default; change",
        "it in `pkforce.toml` or `[tool.pkforce]` (see [configuration](quickstart.md#configuration)).",
        "",
        "| code | name | severity | what it checks |",
        "|---|---|---|---|",
    ]
    ordered = sorted(RULES.values(), key=lambda r: r.code)
    for r in ordered:
        out.append(f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity.value} | {r.summary} |")
    for fam, title in families.items():
        members = [r for r in ordered if r.family == fam]
        if not members:
            continue
        out += ["", f"## {title}"]
        for r in members:
            body = r.doc.replace("\n## ", "\n#### ")
            first, _, rest = body.partition("\n\n")
            out += [
                "",
                f"### {r.code} {r.name}",
                "",
                f"*Default severity: {r.severity.value}.* {first}",
                "",
                rest.strip(),
            ]
    return "\n".join(out).rstrip() + "\n"


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        inner = args[0]
        if typing.get_origin(inner) in (typing.Union, types.UnionType):
            return " or ".join(dict.fromkeys(_type_name(a) for a in typing.get_args(inner)))
        return _type_name(inner)
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(names))
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping of {_type_name(args[0])} to {_type_name(args[1])}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    plain = {str: "text", int: "integer", float: "number", bool: "true/false"}
    if tp in plain:
        return plain[tp]
    name = getattr(tp, "__name__", str(tp))
    if name in ("date", "datetime"):
        return "date"
    if name == "Duration":
        return "duration (P14D)"
    if name == "Triangular":
        return "[Triangular](#triangular)"
    return name


def scenario_md() -> str:
    from .scenario import model
    from .scenario.types import Triangular

    sections: list[type[BaseModel]] = [
        model.Scenario,
        model.Organization,
        model.Member,
        model.Instrument,
        model.Ratification,
        model.NationalApprovalDefault,
        model.Operation,
        model.Requirement,
        model.Deadline,
        model.Application,
        model.CouncilDecision,
        model.Authorised,
        model.UNNotification,
        model.UNMandate,
        model.CoordinatingStateStep,
        model.NationalApproval,
        model.UNAgreement,
        model.ContributorAgreement,
        model.PCRSAssignment,
        model.Unit,
        model.Personnel,
        model.UnitType,
        model.Logistics,
        model.Inject,
        model.SimulationSettings,
        model.Learning,
        Triangular,
    ]
    out = [
        "# Scenario format reference",
        "",
        "Generated from the pydantic model by `python -m pkforce._docgen`; do not edit by hand.",
        "The format's names come from the shared scenario vocabulary; `pkforce schema` prints the same",
        "structure as a JSON Schema. Conventions: state codes are ISO 3166-1 alpha-3 (fictional states",
        "in the user-assigned range XAA-XZZ, declared under `states:`); dates are ISO 8601 dates or",
        "date-times (a date is midnight in the scenario's `timezone`, UTC unless set); durations are ISO",
        "8601 (`P14D`, `PT6H`, `P12M`; a month counts 30 days, a year 365); a random duration is",
        f"`{{min, mode, max}}` (triangular). Unknown fields are errors ({codes.UNKNOWN_FIELD.code}).",
        "",
        "Procedure steps share the fields `id`, `date`, `after`, `duration` and `note`: a step has a `date`,",
        "or a `duration` counted from the step named in `after` (a step `id`, or a step kind when only one",
        "step has it; default: the previous step in the list). `after: council_decision` names the session",
        "that decided when the Council sat several times (written on a session itself: the session before).",
        "A plain date covers its whole day when steps are",
        'compared (a date-only notification is not "before" a 23:30 decision on the same day).',
    ]
    for cls in sections:
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        out += [
            "",
            f"## {cls.__name__}",
            "",
            " ".join(doc.split()),
            "",
            "| field | type | required / default | meaning |",
            "|---|---|---|---|",
        ]
        for name, field in cls.model_fields.items():
            if field.is_required():
                req = "**required**"
            elif field.default_factory is not None:
                req = "see meaning" if name in ("un_notification", "horizon", "step") else "empty"
            else:
                req = f"`{field.default}`" if field.default is not None else "—"
            if name == "un_notification":
                req = "`P1D`"
            elif name == "horizon":
                req = "`P180D`"
            elif name == "step" and cls is model.SimulationSettings:
                req = "`P1D`"
            meaning = (field.description or "").replace("|", "\\|")
            out.append(f"| `{name}` | {_type_name(field.annotation)} | {req} | {meaning} |")
    return "\n".join(out) + "\n"


def schema_json() -> str:
    from .scenario.schema import json_schema_text

    return json_schema_text()


FILES = {
    "rules.md": rules_md,
    "scenario.md": scenario_md,
    "pkforce.schema.json": schema_json,
    # the copy shipped in the wheel, which `pkforce schema` prints
    "../pkforce/data/scenario.schema.json": schema_json,
}


def main(argv: list[str]) -> int:
    stale = []
    for name, make in FILES.items():
        path = DOCS / name
        text = make()
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date: " + ", ".join(f"docs/{n}" for n in stale) + " (run `python -m pkforce._docgen`)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
