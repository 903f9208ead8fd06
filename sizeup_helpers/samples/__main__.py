"""``python -m sizeup_helpers.samples [SLUG …]``: regenerate the sample structures."""

import sys

from ..cli import main

sys.exit(main(["samples", "--generate", *sys.argv[1:]]))
