#!/usr/bin/env python
import os
import sys

# Commands that neither serve requests nor sign anything: they may run without SECRET_KEY (with a random
# key for the process), so `manage.py makemigrations --check` works on a fresh clone. Serving and every
# other command still need it set when DEBUG is off.
OFFLINE_COMMANDS = {
    "makemigrations", "migrate", "showmigrations", "sqlmigrate", "makemessages", "compilemessages",
    "collectstatic", "help",
}  # fmt: skip


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ["ASISTENTS_OFFLINE_COMMAND"] = "1"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A malformed environment variable: one clear line, no traceback.
        sys.exit(f"asistents: {exc}")


if __name__ == "__main__":
    main()
