from django.conf import settings

from core.navigation import nav_for
from core.roles import roles_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": [], "languages": settings.LANGUAGES}
    return {
        "nav_items": nav_for(user),
        "user_roles": sorted(roles_of(user), key=lambda role: role.label),
        "languages": settings.LANGUAGES,
    }
