"""The release and the project's home: spelt once here; the package, the build (pyproject.toml) and
every output read them."""

__version__ = "0.1.0"

REPOSITORY = "https://github.com/pkforce/pkforce"
"""Where the project is published: the SARIF rule links and the schema's `$id` point into it."""
