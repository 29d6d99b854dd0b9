"""The codes of the findings that no rule function emits: the loader's and the schema check's.

A rule spells its code and name once, in its ``@rule(...)`` decorator; these are spelt once here.
``rules/file.py`` documents each of them, and the loader and ``scenario/errors.py`` emit them by
these names. This module imports nothing, so every layer may use it.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Code"]


class Code(NamedTuple):
    """A finding's stable code and its kebab-case name."""

    code: str
    name: str


UNREADABLE_FILE = Code("PKF000", "unreadable-file")
YAML_SYNTAX = Code("PKF001", "yaml-syntax")
DUPLICATE_KEY = Code("PKF002", "duplicate-key")
FILE_TOO_LARGE = Code("PKF003", "file-too-large")
ALIAS_EXPANSION = Code("PKF004", "alias-expansion")
NESTING_TOO_DEEP = Code("PKF005", "nesting-too-deep")
UNSUPPORTED_TAG = Code("PKF006", "unsupported-tag")
INVALID_ENCODING = Code("PKF007", "invalid-encoding")
EMPTY_DOCUMENT = Code("PKF008", "empty-document")
NOT_A_MAPPING = Code("PKF009", "not-a-mapping")
UNSUPPORTED_VERSION = Code("PKF010", "unsupported-version")
UNKNOWN_FIELD = Code("PKF011", "unknown-field")
MISSING_FIELD = Code("PKF012", "missing-field")
INVALID_VALUE = Code("PKF013", "invalid-value")

FIXED_PREFIX = "PKF0"
"""file and schema findings (PKF0xx, the codes above): no selection, `ignore` or severity setting
switches them off or demotes them, since a file that cannot be read as a scenario has no verdict"""
