"""Entry point of the frozen twitchtrack bundle: the same ``main`` as the pip script."""

import sys

from twitchtrack.cli import main

if __name__ == "__main__":
    # A frozen app's sys.executable is this program, not Python, so a restart
    # spelt ``sys.executable -m twitchtrack ...`` (the welcome dialog's "Try the
    # Demo") arrives here with those two words first: drop them.
    if sys.argv[1:3] == ["-m", "twitchtrack"]:
        del sys.argv[1:3]
    sys.exit(main())
