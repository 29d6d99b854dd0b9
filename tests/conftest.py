"""Tests run in English whatever the developer's locale (`--lang` defaults to the locale's), and
property tests have no per-example deadline: a deadline is a timing assertion, and on a small, busy
CI machine a slow example is not a failure (speed is measured in benchmarks/)."""

import os

from hypothesis import settings

os.environ["LANGUAGE"] = "en"

settings.register_profile("pkforce", deadline=None)
settings.load_profile("pkforce")
