"""The rules: one module per family, each rule a function registered with its code.

Families: ``file`` (PKF0xx, loader and schema), ``procedure`` (PKF1xx, Article 3 and the 2021
Protocol), ``composition`` (PKF2xx), ``structure`` (PKF3xx, the command tree) and
``requirements`` (PKF4xx, requirements, injects and settings); ``law`` (PKF123-PKF128: treaty
instruments, membership and operation kinds on the scenario's date); ``exercise`` (PKF5xx, what an
exercise needs: injects placed on the procedure and inside the horizon, teaching content);
``variants`` (PKF8xx, the `variants:` section).
"""

# Each family module registers its rules with the registry when imported.
from . import composition, exercise, file, law, procedure, requirements, structure, variants  # noqa: F401
from .registry import RULES, Context, Finding, Rule, did_you_mean, rule

__all__ = ["RULES", "Context", "Finding", "Rule", "did_you_mean", "rule"]
