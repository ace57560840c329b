import sys

from nnguide.cli import main

sys.exit(main())
