"""CUPS printing: the document piped to ``lp -d QUEUE``.

ZPL goes ``-o raw`` so CUPS hands it to the printer untouched; a PDF goes through the queue's
driver with the label's media size and ``fit-to-page``. ``lp`` is looked up on ``PATH`` when a
job is sent, so a machine without CUPS gets one clear sentence instead of a traceback.
"""

from __future__ import annotations

import shutil
import subprocess

from posylka.domain.documents import PaperSize
from posylka.domain.printing import (
    PrintFormat,
    SpoolerMissing,
    SpoolerRefused,
    check_cups_queue,
)

LP_TIMEOUT_SECONDS = 30.0


def lp_arguments(
    queue: str, *, format: PrintFormat, copies: int, label_size: PaperSize, title: str
) -> list[str]:
    """The options after ``lp`` for one job."""
    args = ["-d", check_cups_queue(queue), "-n", str(copies), "-t", title[:100] or "posylka"]
    if format is PrintFormat.ZPL:
        args += ["-o", "raw"]
    else:
        width, height = label_size.width_mm, label_size.height_mm
        media = "A4" if label_size is PaperSize.A4 else f"Custom.{width:g}x{height:g}mm"
        args += ["-o", f"media={media}", "-o", "fit-to-page"]
    return args


def send_lp(
    queue: str,
    content: bytes,
    *,
    format: PrintFormat,
    copies: int = 1,
    label_size: PaperSize = PaperSize.THERMAL_100X150,
    title: str = "",
    command: str = "lp",
    timeout: float = LP_TIMEOUT_SECONDS,
) -> str:
    """Hand ``content`` to CUPS; returns what ``lp`` printed (``request id is Zebra-12``)."""
    args = lp_arguments(queue, format=format, copies=copies, label_size=label_size, title=title)
    executable = shutil.which(command)
    if executable is None:
        raise SpoolerMissing(command)
    try:
        done = subprocess.run(  # noqa: S603 - a fixed executable with arguments we built
            [executable, *args],
            input=content,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SpoolerRefused(queue, -1, f"lp did not finish within {timeout:g} s") from None
    except OSError as exc:
        raise SpoolerRefused(queue, -1, f"lp could not be started: {exc.strerror}") from None
    output = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
    if done.returncode != 0:
        raise SpoolerRefused(queue, done.returncode, output)
    return output.strip()
