"""Tests run in English whatever the developer's locale (`--lang` defaults to the locale's)."""

import os

os.environ["LANGUAGE"] = "en"
