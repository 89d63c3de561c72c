"""A unit of work that reads the packing rules as a save that began just before another save
committed: the newest version is not there yet. Everything else is the real unit of work."""

from __future__ import annotations

from typing import Any

from posylka.domain.ids import StoreId


class BehindRecipes:
    def __init__(self, real: Any) -> None:
        self._real = real

    def current(self, store_id: StoreId) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class BehindUnitOfWork:
    def __init__(self, real: Any) -> None:
        self._real = real

    def __enter__(self) -> BehindUnitOfWork:
        self._real.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.__exit__(*exc)

    @property
    def recipes(self) -> BehindRecipes:
        return BehindRecipes(self._real.recipes)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)
