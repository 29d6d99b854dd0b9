"""Codes the loader and the schema check emit (PKF0xx). They are documented here like rules."""

from __future__ import annotations

from .. import codes
from .registry import define

define(
    *codes.UNREADABLE_FILE,
    """
The file cannot be read.

## What it checks
That the path names a readable file.

## Why
Nothing else can be checked. This is a usage problem: the exit code is 2.

## Example
`pkforce validate scenarios/missing.yaml`

## Fix
Check the path and the file's permissions.
""",
)

define(
    *codes.YAML_SYNTAX,
    """
The file is not valid YAML.

## What it checks
That the file parses as one YAML document: indentation with spaces (tabs are not allowed),
colons followed by a space, closed brackets and quotes.

## Why
A scenario must be read exactly as written; a guessed repair could change its meaning.

## Example
```yaml
units:
	- id: cc        # a tab
```

## Fix
Indent with spaces, quote values that contain `: ` or start with a special character.
""",
)

define(
    *codes.DUPLICATE_KEY,
    """
A key appears twice in the same mapping.

## What it checks
That no mapping repeats a key.

## Why
Most YAML readers silently keep the last value: a unit's second `personnel:` would quietly
replace the first. pkforce refuses to guess.

## Example
```yaml
- id: kaz-bn
  readiness: P30D
  readiness: P45D
```

## Fix
Keep one of the two, or merge their contents.
""",
)

define(
    *codes.FILE_TOO_LARGE,
    """
The file is larger than the size limit (64 MiB by default).

## What it checks
The file's size before it is parsed.

## Why
A size limit keeps a mistaken or hostile input from exhausting memory. Real scenarios, even with
20,000 units, are a few megabytes.

## Example
A 200 MB log file passed by mistake.

## Fix
Check that this is the right file; raise the limit with `--max-bytes` for a trusted file.
""",
)

define(
    *codes.ALIAS_EXPANSION,
    """
Aliases expand the document beyond the node limit, or an alias refers to its own container.

## What it checks
The size of the document with every alias (`*name`) expanded, counted on the parsed node graph
before any value is built, and that no alias loops back into itself.

## Why
A "billion laughs" document of a few hundred bytes expands to billions of nodes and would
exhaust memory. Counting aliases is not enough: nested aliases multiply.

## Example
```yaml
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
```

## Fix
Write the data out, or use fewer nested aliases; `--max-nodes` raises the limit for a trusted file.
""",
)

define(
    *codes.NESTING_TOO_DEEP,
    """
The document nests deeper than the depth limit (64 levels by default).

## What it checks
The depth of nested lists and mappings.

## Why
A scenario needs five or six levels. Very deep nesting is a mistake or an attack on the parser.

## Example
`[[[[[[[[[[...]]]]]]]]]]` a thousand levels deep.

## Fix
Flatten the structure: units form their tree with `parent:`, not by nesting.
""",
)

define(
    *codes.UNSUPPORTED_TAG,
    """
A YAML tag other than the plain data tags is used, or a merge key (`<<`).

## What it checks
Tags: only `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq` and `!!map` are accepted.

## Why
Tags such as `!!python/object` make some YAML readers run code. A scenario is plain data.

## Example
```yaml
title: !!python/object/apply:os.system [echo hi]
```

## Fix
Remove the tag.
""",
)

define(
    *codes.INVALID_ENCODING,
    """
The file is not UTF-8 text.

## What it checks
That the bytes decode as UTF-8 (a byte-order mark is allowed).

## Why
Names of units and places must come out exactly as written; a guessed encoding could garble them.

## Example
A file saved as Windows-1251, or a binary file.

## Fix
Save the file as UTF-8.
""",
)

define(
    *codes.EMPTY_DOCUMENT,
    """
The file is empty or holds only comments.

## What it checks
That there is a document to read.

## Why
An empty scenario describes no operation.

## Example
An empty `scenario.yaml`.

## Fix
Start from a shipped scenario in `scenarios/`, or write at least `pkforce: 1`, `organization`,
`operation` and `units`.
""",
)

define(
    *codes.NOT_A_MAPPING,
    """
The document is not a mapping of fields.

## What it checks
That the top level is `key: value` lines.

## Why
A scenario is a set of named sections (`pkforce`, `organization`, `operation`, `units`, ...).

## Example
```yaml
- id: cc
- id: kaz-bn
```

## Fix
Put the list under a key, e.g. `units:`, and add the other sections.
""",
)

define(
    *codes.UNSUPPORTED_VERSION,
    """
The format version `pkforce:` is missing or not one this pkforce reads.

## What it checks
That the document starts with `pkforce: 1`.

## Why
The version tells pkforce how to read the rest; a file written for another version may mean
something else by the same names.

## Example
```yaml
pkforce: 2
```

## Fix
Write `pkforce: 1`, or upgrade pkforce if the file was written for a newer version.
""",
)

define(
    *codes.UNKNOWN_FIELD,
    """
A field that the format does not have.

## What it checks
Every key against the fields of its section (see `pkforce schema` and docs/scenario.md).

## Why
A misspelt field would otherwise be ignored silently: `readines: P60D` would leave the unit ready
at once.

## Example
```yaml
- id: kaz-bn
  readines: P30D
```

## Fix
Correct the spelling (the message suggests the nearest field) or remove the field.
""",
)

define(
    *codes.MISSING_FIELD,
    """
A required field is missing.

## What it checks
The required fields of each section: for instance a unit's `id` and `nation`, an operation's
`kind` and `host_state`.

## Why
Without them the scenario cannot be understood.

## Example
```yaml
- id: kaz-bn
  name: KAZBAT        # nation is missing
```

## Fix
Add the field.
""",
)

define(
    *codes.INVALID_VALUE,
    """
A value of the wrong type or form.

## What it checks
Types and formats: numbers where numbers are expected, ISO 8601 dates (`2027-03-01`) and
durations (`P14D`), the closed word lists (operation kinds, votes, step kinds, inject actions).

## Why
A value that cannot be read cannot be simulated.

## Example
```yaml
readiness: 30 days
```

## Fix
Write the value in the form the message gives (`readiness: P30D`).
""",
)
