"""`python -m app`, and the entry point of the PyInstaller build (build.spec): the same as `fangpin`."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
