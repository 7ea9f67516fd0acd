"""Pure rules shared by every app: workflow transitions."""

from __future__ import annotations

from collections.abc import Mapping


class TransitionNotAllowed(Exception):
    """A status change the workflow does not allow."""

    def __init__(self, current: str, new: str) -> None:
        super().__init__(f"{current} → {new} is not an allowed status change")
        self.current = current
        self.new = new


def check_transition(transitions: Mapping[str, frozenset[str]], current: str, new: str) -> None:
    """Raise TransitionNotAllowed unless `new` is reachable from `current` in one step."""
    if new not in transitions.get(current, frozenset()):
        raise TransitionNotAllowed(current, new)
