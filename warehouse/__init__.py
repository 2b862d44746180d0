"""The DuckDB warehouse: migrations, views, loading, load runs, snapshots for analysts."""

from warehouse.connection import connect

__all__ = ["connect"]
