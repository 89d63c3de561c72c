"""Assembling a posting on Ozon: record it, then let the job queue take it through its steps.

``start_assembly`` is what the packing station calls when everything is scanned. It commits the
assembly as ``recorded`` before anything else happens, and only then queues the job that sends it
to Ozon, follows Ozon's asynchronous answer and prints the label (``services.assembly_steps``).
A second call for the same posting (a double click, a second tab, a retry after a timeout of the
page) finds the recorded assembly and returns it: one posting, one assembly. A process that dies
after recording loses nothing: the recovery finds the assembly ``recorded`` and sends it.
"""

from __future__ import annotations

from collections.abc import Sequence

from posylka.domain.assembly import (
    Assembly,
    AssemblyEvent,
    AssemblyState,
    InvalidPackages,
    check_packages,
    move,
)
from posylka.domain.ids import PostingNumber, StoreId, UserId
from posylka.domain.postings import PostingItem
from posylka.domain.shipping import Package
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from posylka.services.ports.assembly import AssemblyQueue


class UnknownAssembly(LookupError):
    """No assembly is recorded for the posting."""

    def __init__(self, store_id: StoreId, posting_number: str) -> None:
        super().__init__(f"posting {posting_number} has no assembly (store #{store_id})")
        self.store_id = store_id
        self.posting_number = posting_number


class CannotRetry(InvalidPackages):
    """Only a failed assembly is tried again; a live one is on its way, an assembled one done."""


def start_assembly(
    *,
    uow_factory: UnitOfWorkFactory,
    jobs: AssemblyQueue,
    store_id: StoreId,
    posting_number: str,
    packages: Sequence[Package],
    user_id: UserId | None,
    clock: Clock,
) -> Assembly:
    """Record the assembly of a posting in these packages and queue its sending.

    Idempotent: while the posting has a live or finished assembly, that one is returned and
    nothing is queued twice. A failed one is recorded again with the new packages (the packer
    scanned and pressed the button again). Packages that cannot be sent (empty, or not matching
    the posting as synced) raise ``InvalidPackages`` naming what is wrong.
    """
    number = PostingNumber(posting_number.strip())
    with uow_factory() as uow:
        found = uow.assemblies.get(store_id, number)
        if found is not None and found.state is not AssemblyState.FAILED:
            return found
        check_packages(packages, _posting_items(uow, store_id, number))
        if found is None:
            recorded = uow.assemblies.add(
                store_id, number, packages, user_id=user_id, now=clock.now()
            )
            if recorded is None:  # another request recorded it meanwhile: that one stands
                uow.rollback()
                existing = uow.assemblies.get(store_id, number)
                assert existing is not None
                return existing
        else:
            recorded = _record_again(uow, found, packages, user_id, clock)
            if recorded is None:
                current = uow.assemblies.get(store_id, number)
                assert current is not None
                return current
        uow.commit()
    # Queued only once the record is committed: a job never looks for a row that is not there.
    jobs.enqueue_assembly(store_id, number)
    return recorded


def retry_assembly(
    *,
    uow_factory: UnitOfWorkFactory,
    jobs: AssemblyQueue,
    store_id: StoreId,
    posting_number: str,
    user_id: UserId | None,
    clock: Clock,
    packages: Sequence[Package] | None = None,
) -> Assembly:
    """Try a failed assembly again, in the same packages unless new ones are given."""
    number = PostingNumber(posting_number.strip())
    with uow_factory() as uow:
        found = uow.assemblies.get(store_id, number)
        if found is None:
            raise UnknownAssembly(store_id, number)
        if found.state is not AssemblyState.FAILED:
            raise CannotRetry(
                f"The assembly of {number} is {found.state.value}, not failed: "
                + (
                    "it is on its way and needs no retry."
                    if found.state.is_live
                    else "it is done and there is nothing to retry."
                )
            )
        chosen = packages if packages is not None else found.packages
        check_packages(chosen, _posting_items(uow, store_id, number))
        recorded = _record_again(uow, found, chosen, user_id, clock)
        if recorded is None:
            current = uow.assemblies.get(store_id, number)
            assert current is not None
            return current
        uow.commit()
    jobs.enqueue_assembly(store_id, number)
    return recorded


def _record_again(
    uow: UnitOfWork,
    failed: Assembly,
    packages: Sequence[Package],
    user_id: UserId | None,
    clock: Clock,
) -> Assembly | None:
    again = move(
        failed,
        AssemblyState.RECORDED,
        at=clock.now(),
        packages=tuple(packages),
        refusal=None,
        trouble=None,
        message="",
        user_id=user_id if user_id is not None else failed.user_id,
    )
    if not uow.assemblies.update(again, expected_version=failed.version):
        return None
    return uow.assemblies.get(failed.store_id, failed.posting_number)


def _posting_items(
    uow: UnitOfWork, store_id: StoreId, number: PostingNumber
) -> tuple[PostingItem, ...] | None:
    """The posting's items as last synced, or ``None`` when the posting is not here yet."""
    found = uow.documents.postings(store_id, [number])
    return found[0].items if found else None


def assembly_status(*, uow: UnitOfWork, store_id: StoreId, posting_number: str) -> Assembly | None:
    """The posting's assembly as recorded now, or ``None`` when it was never started."""
    return uow.assemblies.get(store_id, posting_number.strip())


def assembly_history(
    *, uow: UnitOfWork, store_id: StoreId, posting_number: str
) -> tuple[Assembly, list[AssemblyEvent]] | None:
    """The assembly with every step it took, oldest first."""
    found = uow.assemblies.get(store_id, posting_number.strip())
    if found is None:
        return None
    return found, uow.assemblies.history(found.id)
