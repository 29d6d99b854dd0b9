"""The rules: one module per family, each rule a function registered with its code.

Families: ``file`` (PKF0xx, loader and schema), ``procedure`` (PKF1xx, Article 3 and the 2021
Protocol), ``composition`` (PKF2xx), ``structure`` (PKF3xx, the command tree) and
``requirements`` (PKF4xx, requirements, injects and settings), ``variants`` (PKF8xx, the
`variants:` section).
"""

from . import file  # noqa: F401  (registers PKF0xx)
from .registry import RULES, Context, Finding, Rule, did_you_mean, rule

for _family in ("procedure", "composition", "structure", "requirements", "variants"):
    try:
        __import__(f"{__name__}.{_family}")
    except ModuleNotFoundError as _exc:  # a family not written yet
        if _exc.name != f"{__name__}.{_family}":
            raise

__all__ = ["RULES", "Context", "Finding", "Rule", "did_you_mean", "rule"]
