"""Run the command line: ``python -m twitchtrack``."""

import sys

from twitchtrack.cli import main

if __name__ == "__main__":
    sys.exit(main())
