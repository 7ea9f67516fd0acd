# English pages of a Latvian system keep the Latvian date and number formats (docs/decisions.md).
from config.formats.lv.formats import *  # noqa: F403
