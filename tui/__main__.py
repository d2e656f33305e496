"""``python -m tui`` runs the ecs-tui command line."""

import sys

from tui.cli import main

sys.exit(main())
