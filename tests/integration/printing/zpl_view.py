"""What a ZPL label looks like: zpl-core draws the native fields, zebrafy decodes each ``^GF``
graphic, and the graphics are pasted where their ``^FO`` puts them."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image
from zebrafy import ZebrafyZPL
from zpl_core import render

GRAPHIC = re.compile(r"\^FO(\d+),(\d+)(\^GF[^\^]*)\^FS")


def labels(zpl: str) -> list[str]:
    return re.findall(r"\^XA.*?\^XZ", zpl, flags=re.S)


def look(label: str, dpi: int, out: Path) -> tuple[Image.Image, dict[str, object]]:
    """One label as an image (written to ``out``) and zpl-core's report of its native fields."""
    report = render.render(label, dpi=dpi, out=out)
    image = Image.open(report["png"]).convert("L")
    for x, y, field in GRAPHIC.findall(label):
        [graphic] = ZebrafyZPL(f"^XA^FO0,0{field}^FS^XZ", dpi=dpi).to_images()
        image.paste(graphic.convert("L"), (int(x), int(y)))
    image.save(out)
    return image, report
