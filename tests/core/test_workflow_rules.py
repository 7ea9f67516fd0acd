"""The one state-machine mechanism every workflow model uses (core.rules, core.models.WorkflowModel)."""

import pytest

from core.rules import TransitionNotAllowed, check_transition

# The decision flow of SPEC R-D1, used here as the table the mechanism is checked with.
R_D1 = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"proposed"}),
    "proposed": frozenset({"approved", "returned"}),
    "returned": frozenset({"proposed"}),
    "approved": frozenset(),
}


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("draft", "submitted"),
        ("submitted", "proposed"),
        ("proposed", "approved"),
        ("proposed", "returned"),
        ("returned", "proposed"),
    ],
)
def test_allowed_transitions_pass_R_D1(current, new):
    check_transition(R_D1, current, new)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("draft", "approved"),
        ("approved", "draft"),
        ("approved", "returned"),
        ("returned", "approved"),
        ("unknown", "draft"),
        ("draft", "draft"),
    ],
)
def test_other_transitions_are_refused_R_D1(current, new):
    with pytest.raises(TransitionNotAllowed) as info:
        check_transition(R_D1, current, new)
    assert info.value.current == current
    assert info.value.new == new
