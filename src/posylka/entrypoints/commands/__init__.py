"""Subcommands of ``posylka``, one module per area, each exposing a ``typer.Typer`` or commands."""

from __future__ import annotations

import importlib

import typer

# (module, name of the sub-app or None when the module adds top-level commands via `install`)
_AREAS = (
    "db",
    "users",
    "stores",
    "sync",
    "serve",
    "worker",
    "sandbox",
    "demo",
    "catalogue",
    "boxes",
    "stock_push",
    "stock",
    "order_checks",
    "labels",
    "printing",
    "assembly",
    "recipes",
    "handover",
    "tracking",
)


def register(app: typer.Typer) -> None:
    for area in _AREAS:
        module = importlib.import_module(f"posylka.entrypoints.commands.{area}")
        module.install(app)
