"""Helpers for data migrations that load reference data (SPEC §4: into every database, empty or not)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions


def grant_role_permissions(apps, role_permissions: Mapping[str, Sequence[str]]) -> None:
    """Create the role groups and add the given permissions ("app_label.codename") to each.

    Permissions are normally created after all migrations (post_migrate); they are created here first so
    that the migration works on a fresh database. Idempotent.
    """
    for app_config in global_apps.get_app_configs():
        original = app_config.models_module
        app_config.models_module = True  # create_permissions skips apps it thinks have no models
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, permissions in role_permissions.items():
        group, _created = Group.objects.get_or_create(name=role)
        for dotted in permissions:
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(permission)
