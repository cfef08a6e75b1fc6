"""Make the test helpers in this folder importable (``import world``) and keep tests out of the user's caches."""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
# The parse cache signs its files with a per-user key under $XDG_CACHE_HOME: tests get their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="talkdocs-test-cache-")
