"""``python -m bot`` is ``budaya-bot``."""

import sys

from bot.cli import main

sys.exit(main())
