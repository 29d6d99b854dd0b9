"""Each word list of the format is spelt once (scenario/vocab.py); the model reads it from there."""

from __future__ import annotations

from typing import get_args

from pkforce.scenario import vocab
from pkforce.scenario.model import Inject, Operation, Step


def test_step_kinds_are_the_kinds_of_the_step_union() -> None:
    union = get_args(Step)[0]  # Annotated[Application | ..., Field(discriminator="step")]
    kinds = tuple(get_args(cls.model_fields["step"].annotation)[0] for cls in get_args(union))
    assert kinds == vocab.STEP_KINDS


def test_the_model_declares_its_closed_lists_with_the_vocabulary() -> None:
    assert Operation.model_fields["kind"].annotation is vocab.OperationKind
    assert Inject.model_fields["action"].annotation is vocab.InjectAction
    assert get_args(vocab.InjectAction) == ("withdraw", "delay", "reinforce", "block")
