"""Run the ``planeval`` command as ``python -m planeval``."""

import sys

from planeval.cli import main

sys.exit(main())
