from django import template

from core.roles import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """The translated name of a role from its group code; other group names pass through."""
    try:
        return str(Role(code).label)
    except ValueError:
        return code
