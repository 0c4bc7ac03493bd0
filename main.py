"""Run esdesktop: ``python main.py [LOG]`` is the same as ``esdesktop [LOG]``."""

import sys

from esdesktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
