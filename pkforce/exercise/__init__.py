"""Command-post exercises from a scenario: the trainer's kit, situation reports and grading.

    >>> from pkforce.validation import validate_file
    >>> from pkforce.exercise import master_events, sitrep, render_sitrep
    >>> from pkforce.simulation import simulate
    >>> report = validate_file("scenarios/exercise-brotherhood.yaml")        # doctest: +SKIP
    >>> det = simulate(report.scenario, deterministic=True)                   # doctest: +SKIP
    >>> print(render_sitrep(sitrep(report.scenario, det, day=5)))             # doctest: +SKIP

Documented in ``docs/exercises.md``.
"""

from .events import Event, master_events
from .grade import Grade, grade
from .kit import blocking, browser, build_kit, events_csv, html_to_pdf
from .sitrep import Sitrep, render_sitrep, sitrep
from .source import player_source

__all__ = [
    "Event",
    "Grade",
    "Sitrep",
    "blocking",
    "browser",
    "build_kit",
    "events_csv",
    "grade",
    "html_to_pdf",
    "master_events",
    "player_source",
    "render_sitrep",
    "sitrep",
]
