"""Entry point of `python -m data_access`."""

from data_access.cli import main

raise SystemExit(main())
