"""Settings for the province load benchmark: the real settings plus one minimal view.

The minimal view (``/bench/ping/``) goes through the same middleware as every page, so each
page's latency can be given as a ratio to it, measured in the same run on the same machine.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Static files are not collected for the benchmark: plain storage, as in the test settings.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
