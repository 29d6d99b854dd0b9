"""The scenario format: pydantic models and value types."""

from .model import *  # noqa: F403
from .model import __all__ as _model_all
from .types import Duration, DurationSpec, Timestamp, Triangular

__all__ = [*_model_all, "Duration", "DurationSpec", "Timestamp", "Triangular"]
