"""``posylka recipes``: a store's packing rules as a JSON file, for version control.

``show`` prints the rules in force and the versions saved; ``export`` writes them to a file;
``preview`` tries a file on the latest postings; ``import`` saves a file as the next version.
A file with any problem is refused whole, each problem on its own line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from posylka.domain.recipe_rules import RulesRejected, parse_rules_text, rules_text
from posylka.domain.recipes import VersionTaken
from posylka.entrypoints.commands._runtime import StoreOption, console, container, fail, one_store
from posylka.services import recipes as recipe_rules

recipes = typer.Typer(
    help="Packing rules: what each posting is packed with, as versioned data.",
    no_args_is_help=True,
)

FileArgument = Annotated[Path, typer.Argument(help="A rule file (JSON).")]


@recipes.command("show")
def show(store: StoreOption = None) -> None:
    """Print the rules in force and the saved versions."""
    with container() as app:
        chosen = one_store(app, store)
        with app.reads() as tx:
            in_force = recipe_rules.rules_in_force(tx, chosen.id)
            history = recipe_rules.history(tx, chosen.id)
    label = f"version {in_force.version}" if in_force.version else "the built-in rules"
    console.print(f"Store {chosen.name!r} packs by {label} ({len(in_force.rules)} rules):")
    for rule in in_force.rules:
        when = " and ".join(c.text() for c in rule.when) or "every posting"
        console.print(f"  {rule.name}: when {when}", markup=False)
    for saved in history:
        note = f" — {saved.note}" if saved.note else ""
        console.print(
            f"  version {saved.version}: {saved.saved_at:%Y-%m-%d %H:%M} UTC by {saved.saved_by}"
            f"{note}",
            markup=False,
        )


@recipes.command("export")
def export(
    path: Annotated[Path, typer.Argument(help="Where to write the rules (JSON).")],
    store: StoreOption = None,
) -> None:
    """Write the rules in force to a JSON file."""
    with container() as app:
        chosen = one_store(app, store)
        with app.reads() as tx:
            in_force = recipe_rules.rules_in_force(tx, chosen.id)
    path.write_text(rules_text(in_force), encoding="utf-8")
    console.print(f"Wrote {len(in_force.rules)} rules of store {chosen.name!r} to {path}.")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"Cannot read {path}: {exc}.") from None


def _refused(path: Path, exc: RulesRejected) -> typer.Exit:
    lines = "\n".join(f"  {p.message()}" for p in exc.problems)
    return fail(f"{path} is refused, nothing was saved:\n{lines}")


@recipes.command("preview")
def preview(path: FileArgument, store: StoreOption = None) -> None:
    """Try a rule file on the store's last 100 postings without saving it."""
    text = _read(path)
    try:
        draft = parse_rules_text(text, version=0)
    except RulesRejected as exc:
        raise _refused(path, exc) from None
    with container() as app:
        chosen = one_store(app, store)
        with app.reads() as tx:
            tried = recipe_rules.preview(uow=tx, store_id=chosen.id, draft=draft)
    summary = tried.summary
    console.print(f"{summary.changed} of {summary.postings} postings would be packed differently.")
    for entry, count in summary.gained:
        console.print(f"  + {entry}: {count}", markup=False)
    for entry, count in summary.lost:
        console.print(f"  - {entry}: {count}", markup=False)


@recipes.command("import")
def import_(
    path: FileArgument,
    store: StoreOption = None,
    note: Annotated[str, typer.Option(help="What changed, for the history.")] = "",
) -> None:
    """Save a rule file as the store's next version."""
    text = _read(path)
    with container() as app:
        chosen = one_store(app, store)
        try:
            saved = recipe_rules.save_rules(
                uow_factory=app.uow,
                store_id=chosen.id,
                text=text,
                note=note or f"imported from {path.name}",
                by=None,
                clock=app.clock,
            )
        except RulesRejected as exc:
            raise _refused(path, exc) from None
        except VersionTaken as exc:
            raise fail(
                f"Version {exc.version} was saved by someone else a moment ago, so {path} was "
                "not saved: look at it with `posylka recipes show`, then import again."
            ) from None
    console.print(
        f"Saved {len(saved.ruleset.rules)} rules as version {saved.version} of store "
        f"{chosen.name!r}."
    )


def install(app: typer.Typer) -> None:
    app.add_typer(recipes, name="recipes")
