"""`pkforce chart`: force-structure, composition, build-up and procedure-timeline charts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import (
    ConfigOpt,
    FileArg,
    LangOpt,
    QuietOpt,
    SeedOpt,
    State,
    check_output,
    check_output_dir,
    is_stdin,
    language,
    load_valid,
    note,
    usage,
)


class ChartKindOpt(StrEnum):
    org = "org"
    composition = "composition"
    buildup = "buildup"
    timeline = "timeline"


class ColorBy(StrEnum):
    nation = "nation"
    category = "category"


def chart(
    file: FileArg,
    kind: Annotated[ChartKindOpt | None, typer.Option("--kind", "-k", help="Which chart.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file: .svg, .png or .pdf.")] = None,
    all_kinds: Annotated[bool, typer.Option("--all", help="Every chart, into --out-dir.")] = False,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Folder for --all.")] = None,
    image_format: Annotated[str, typer.Option("--image-format", help="svg, png or pdf (for --all).")] = "svg",
    dpi: Annotated[float | None, typer.Option("--dpi", min=10, max=1200, help="Resolution of PNG output.")] = None,
    color_by: Annotated[ColorBy, typer.Option("--color-by", help="Org chart: colour units by.")] = ColorBy.nation,
    depth: Annotated[
        str | None,
        typer.Option("--depth", help="Org chart: levels to show, or an echelon (battalion: battalions and larger)."),
    ] = None,
    by: Annotated[
        ColorBy, typer.Option("--by", help="Build-up chart: split by category or nation.")
    ] = ColorBy.category,
    runs: Annotated[
        int | None,
        typer.Option("--runs", "-n", min=1, max=1_000_000, help="Simulation runs for build-up and timeline."),
    ] = None,
    seed: SeedOpt = None,
    lang: LangOpt = None,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Draw the force-structure, composition, build-up or procedure-timeline chart."""
    from ..charts import FORMATS

    State.quiet = quiet
    if all_kinds == (kind is not None):
        usage("give either --kind KIND with -o FILE, or --all with --out-dir DIR")
    if kind is not None:
        if output is None:
            usage("--kind needs -o FILE (.svg, .png or .pdf)")
        if output.suffix.lower() not in FORMATS:
            usage(f"-o {output}: the suffix must be one of {', '.join(FORMATS)}")
        check_output(output, [file])
    else:
        if out_dir is None:
            usage("--all needs --out-dir DIR")
        if "." + image_format.lower().lstrip(".") not in FORMATS:
            usage(f"--image-format must be one of {', '.join(f[1:] for f in FORMATS)}")
        from ..charts import CHART_KINDS

        suffix = "." + image_format.lower().lstrip(".")
        check_output_dir(out_dir, [f"{k}{suffix}" for k in CHART_KINDS], [file])
    scenario = load_valid(file, config)
    from ..charts import make_chart, save_all, save_figure

    options: dict[str, Any] = {
        "color_by": color_by.value,
        "depth": depth,
        "by": by.value,
        "runs": runs,
        "seed": seed,
        "lang": language(lang),
    }
    try:
        if kind is not None and output is not None:
            fig = make_chart(kind.value, scenario, **options)
            save_figure(fig, output, dpi=dpi)
            note(f"pkforce: wrote {output}")
        elif out_dir is not None:
            # <scenario id>-<kind>.<ext>: charts of several scenarios can share a folder
            stem = scenario.id or (file.stem if not is_stdin(file) else "stdin")
            for path in save_all(scenario, out_dir, fmt=image_format, dpi=dpi, stem=stem, **options):
                note(f"pkforce: wrote {path}")
    except ValueError as exc:
        usage(str(exc))
    except OSError as exc:
        from .._io import describe_os_error

        usage(describe_os_error(exc, output if output is not None else out_dir or "."))
