"""Settings for the published site: absolute URLs, no drafts. Used by the deploy workflow."""

import os
import sys

# pelicanconf.py beside this file, from whatever folder Pelican is started.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://oogst-harvest.github.io/oogst")
RELATIVE_URLS = False
HARVEST_DRAFTS = False
# The editors' real address is set where the site is published, not in the repository.
EDITORS_EMAIL = os.environ.get("OOGST_EDITORS_EMAIL", EDITORS_EMAIL)  # noqa: F405
DELETE_OUTPUT_DIRECTORY = True
