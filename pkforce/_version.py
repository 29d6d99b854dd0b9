"""The release: spelt once here; the package, the build (pyproject.toml) and every output read it."""

__version__ = "0.1.0"
