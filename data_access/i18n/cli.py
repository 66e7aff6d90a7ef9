"""Texts of the command line (python -m data_access ...), printed in both languages."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
