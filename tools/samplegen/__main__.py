"""``python -m tools.samplegen [SLUG …]``: regenerate the sample structures."""

import sys

from . import main

sys.exit(main())
