"""Evidence files on disk: photos and videos of packing, in a folder of the data directory
(``<data dir>/evidence/<store>/<yyyy-mm>/...``), one file per recording, never overwritten.

The database keeps each file's size and SHA-256 beside its name; the bytes never go into it.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


class UnsafeEvidenceName(ValueError):
    """A name that would leave the evidence folder."""


class DiskEvidenceFiles:
    """The ``EvidenceFiles`` port over a folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise UnsafeEvidenceName(name)
        return self.root.joinpath(*relative.parts)

    def save(self, name: str, content: bytes) -> None:
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        # Written aside and moved in place, so a crash never leaves half a file under the name.
        with open(partial, "xb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(partial, path)
        finally:
            partial.unlink()

    def read(self, name: str) -> bytes:
        return self._path(name).read_bytes()

    def exists(self, name: str) -> bool:
        return self._path(name).is_file()
