"""``python -m explorer`` and the ``kafka-explorer`` command."""

from __future__ import annotations

import sys

from explorer.app import main

if __name__ == "__main__":
    sys.exit(main())
