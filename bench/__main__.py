"""``python -m bench``: the parse benchmark (see ``bench.parse_speed``)."""

from bench.parse_speed import main

raise SystemExit(main())
