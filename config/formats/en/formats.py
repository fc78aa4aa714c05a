# English pages keep the office's dd/mm/yyyy dates and Vietnamese number separators.
from config.formats.vi.formats import *  # noqa: F403
