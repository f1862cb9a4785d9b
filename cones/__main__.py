"""``python -m cones``: the command line."""

import sys

from cones.interface.cli import main

sys.exit(main())
