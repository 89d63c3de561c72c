"""Documents as PDF: order details slips, after-sales cards and pick lists.

``FONT_PATH`` is the bundled WenQuanYi Micro Hei collection (Latin, Cyrillic and CJK in one
TrueType file; face 0 is the proportional "Micro Hei"), for every renderer that draws text.
"""

from pathlib import Path

FONT_PATH = Path(__file__).parent / "fonts" / "wqy-microhei.ttc"
