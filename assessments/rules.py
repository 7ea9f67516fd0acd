"""Pure scoring of the mobility questionnaire (R-Q1–R-Q3). No ORM, no settings, no I/O."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCALE = (0, 1, 2, 3)
ITEM_CODES = tuple(f"Q{n:02d}" for n in range(1, 13))
MAX_TOTAL = len(ITEM_CODES) * max(SCALE)


class Result(enum.StrEnum):
    NO_NEED = "no_need"
    BASE = "base"  # coefficient base: "liels atbalsts"
    HIGH = "high"  # coefficient high: "ļoti liels atbalsts"


RESULT_LABELS: dict[Result, Promise] = {
    Result.NO_NEED: _("No need for the service"),
    Result.BASE: _("Large support"),
    Result.HIGH: _("Very large support"),
}


@dataclass(frozen=True)
class Thresholds:
    """From the rule set in force (R-Q3, R-S1): total < need → no need; need ≤ total < high → base."""

    need: int = 12
    high: int = 24
    coefficient_base: Decimal = Decimal("1")
    coefficient_high: Decimal = Decimal("2")

    def __post_init__(self) -> None:
        if not 0 < self.need < self.high <= MAX_TOTAL:
            raise ValueError("thresholds must satisfy 0 < need < high ≤ 36")


@dataclass(frozen=True)
class AnswerProblem:
    code: str
    message: Promise | str


class IncompleteAnswers(ValueError):
    def __init__(self, problems: Sequence[AnswerProblem]) -> None:
        super().__init__("; ".join(f"{p.code}: {p.message}" for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Score:
    total: int
    result: Result
    coefficient: Decimal | None  # None when there is no need

    @property
    def label(self) -> Promise:
        return RESULT_LABELS[self.result]


def check_answers(answers: Mapping[str, object], codes: Sequence[str] = ITEM_CODES) -> dict[str, int]:
    """All items answered with 0–3 (R-Q2); raise IncompleteAnswers listing every missing or bad item."""
    problems: list[AnswerProblem] = []
    clean: dict[str, int] = {}
    for code in codes:
        value = answers.get(code)
        if value is None or value == "":
            problems.append(AnswerProblem(code, _("Choose an answer.")))
            continue
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            number = -1
        if number not in SCALE or str(value).strip() not in {str(v) for v in SCALE}:
            problems.append(AnswerProblem(code, _("The answer must be 0, 1, 2 or 3.")))
            continue
        clean[code] = number
    unknown = sorted(set(answers) - set(codes))
    for code in unknown:
        problems.append(AnswerProblem(code, _("This item is not in the questionnaire.")))
    if problems:
        raise IncompleteAnswers(problems)
    return clean


def score(answers: Mapping[str, object], thresholds: Thresholds, codes: Sequence[str] = ITEM_CODES) -> Score:
    """Total = sum of the twelve answers, 0–36 (R-Q2), mapped to a result and coefficient (R-Q3)."""
    total = sum(check_answers(answers, codes).values())
    if total < thresholds.need:
        return Score(total, Result.NO_NEED, None)
    if total < thresholds.high:
        return Score(total, Result.BASE, thresholds.coefficient_base)
    return Score(total, Result.HIGH, thresholds.coefficient_high)
