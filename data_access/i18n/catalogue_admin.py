"""Texts of the committee's catalogue page (/kelola-katalog) and its audit entries."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
