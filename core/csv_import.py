"""Reading the `;`-separated import files of SPEC §5 (caseload, contracts): the file's text, the header and
one row at a time, and a date cell. Plain functions; each import adds its own row parsing.

Messages are for the administrator who runs the import, in English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence

Problems = list[tuple[str, str]]

DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not UTF-8, wrong header): nothing is imported."""


def decode(data: bytes) -> str:
    """The file's text: UTF-8, a byte-order mark tolerated."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"the file is not UTF-8 (byte {exc.start + 1} cannot be read); save it as UTF-8 and try again"
        ) from None


def read_rows(text: str, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str] | Problems]]:
    """Check the header and yield (row number, values) per non-empty row, the header being row 1.

    A row with the wrong number of fields is yielded as its problem list instead of values."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if header is None:
        raise ImportFileError("the file is empty; the first row must be the header")
    names = [name.strip() for name in header]
    if names != list(columns):
        missing = [name for name in columns if name not in names]
        unknown = [name for name in names if name not in columns]
        detail = []
        if missing:
            detail.append("missing: " + ", ".join(missing))
        if unknown:
            detail.append("unknown: " + ", ".join(unknown))
        if not detail:
            detail.append("the columns are in a different order")
        raise ImportFileError(
            "the header must be exactly " + ";".join(columns) + " (" + "; ".join(detail) + ")"
        )
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(columns):
            yield number, [("", f"expected {len(columns)} fields separated by ';', found {len(values)}")]
            continue
        yield number, {name: value.strip() for name, value in zip(columns, values, strict=True)}


def date_cell(values: dict[str, str], field: str, problems: Problems, *, required: bool) -> dt.date | None:
    """A date `YYYY-MM-DD`; an empty cell is None, or a problem when required."""
    text = values.get(field, "").strip()
    if not text:
        if required:
            problems.append((field, "required, a date YYYY-MM-DD"))
        return None
    if DATE_SHAPE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    problems.append((field, f"{text!r} is not a date YYYY-MM-DD"))
    return None


# ------------------------------------------------------------------------------------------- the command


class CsvImportCommand:
    """The shape every `import_*` command of SPEC §6 shares, mixed into a BaseCommand: read the file (a
    bad file changes nothing), run each row in turn, list rejected rows (row, field, problem), delete the
    files a dry run created, print a summary and exit 1 when anything was rejected.

    A subclass gives `read_rows(text)`, `parse_row(values)` (a row or its problems), `import_row(row,
    options)` (an outcome with `.created`), `row_error` (the services' error type with `.errors`),
    `files_of(outcome)` (stored file names) and `describe(outcome)`."""

    row_error: type[Exception] = ValueError

    def run_import(self, path, options) -> None:
        import contextlib
        import sys

        from django.core.files.storage import default_storage
        from django.core.management.base import CommandError
        from django.db import transaction

        try:
            rows = list(self.read_rows(decode(path.read_bytes())))
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
        except ImportFileError as exc:
            raise CommandError(f"{path}: {exc}") from None

        dry_run = options["dry_run"]
        counts = {"created": 0, "unchanged": 0, "rejected": 0}
        problems: list[str] = []
        files: list[str] = []
        with transaction.atomic() if dry_run else contextlib.nullcontext():
            for number, values in rows:
                row = values if isinstance(values, list) else self.parse_row(values)
                if isinstance(row, list):
                    counts["rejected"] += 1
                    problems.extend(problem_line(number, field, problem) for field, problem in row)
                    continue
                try:
                    outcome = self.import_row(row, options)
                except self.row_error as exc:
                    counts["rejected"] += 1
                    problems.extend(
                        problem_line(number, field, str(message))
                        for field, messages in exc.errors.items()
                        for message in messages
                    )
                    continue
                counts["created" if outcome.created else "unchanged"] += 1
                if outcome.created:
                    files.extend(self.files_of(outcome))
                if options["verbosity"] >= 2:
                    self.stdout.write(f"row {number}: {self.describe(outcome)}")
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            for name in files:  # the rolled-back rows' documents
                default_storage.delete(name)

        for problem in problems:
            self.stderr.write(problem)
        summary = ", ".join(f"{key} {value}" for key, value in counts.items())
        if dry_run:
            summary += " (dry run: nothing was saved)"
        self.stdout.write(summary)
        if counts["rejected"]:
            sys.exit(1)


def problem_line(number: int, field: str, problem: str) -> str:
    return f"row {number}, field {field}: {problem}" if field else f"row {number}: {problem}"


def staff_user(username: str, option: str, permissions: Sequence[str], role: str):
    """The active user named by a command option who holds the role's permissions (a superuser: any)."""
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"{option}: there is no user {username!r}")
    if not user.is_active:
        raise CommandError(f"{option}: the user {username!r} is not active")
    if not user.is_superuser and not user.has_perms(permissions):
        raise CommandError(f"{option}: the user {username!r} does not have the {role} role")
    return user
