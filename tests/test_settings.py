"""Settings read from the environment."""

from __future__ import annotations

from data_access.settings import Settings


def test_the_default_database_lives_in_instance_dir(tmp_path):
    """README: INSTANCE_DIR is where the SQLite file lives; DATABASE_URL, when set, wins."""
    moved = Settings.from_env({"INSTANCE_DIR": str(tmp_path)})
    assert moved.database_url == f"sqlite:///{tmp_path / 'kipp.sqlite3'}"
    both = Settings.from_env({"INSTANCE_DIR": str(tmp_path), "DATABASE_URL": "sqlite:///x.db"})
    assert both.database_url == "sqlite:///x.db"
    assert Settings.from_env({}).database_url.endswith("/instance/kipp.sqlite3")


def test_the_compressed_static_files_live_in_instance_dir_unless_told(tmp_path):
    """README: STATIC_CACHE_DIR, by default static-cache/ in INSTANCE_DIR; unset in code."""
    moved = Settings.from_env({"INSTANCE_DIR": str(tmp_path)})
    assert moved.static_cache_dir == str(tmp_path / "static-cache")
    told = Settings.from_env({"INSTANCE_DIR": str(tmp_path), "STATIC_CACHE_DIR": "/var/cache/k"})
    assert told.static_cache_dir == "/var/cache/k"
    assert Settings().static_cache_dir == ""  # tests' own apps: each process's memory
