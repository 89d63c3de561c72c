"""Order checks: every posting the seller still has to assemble gets a verdict, Ready or Needs
attention, with the reasons behind it.

A check is a small pure rule (``rules.py``) that looks at one posting and a ``CheckContext`` (the
store's catalogue keys, postings of the same store around the same time, the current time) and
returns the reasons it finds. ``RULES`` lists them in the order their reasons are shown; adding a
check is adding a function there (see ``docs/adding-a-check.md``).
"""

from posylka.domain.order_checks.model import (
    DEFAULT_DUPLICATE_WINDOW,
    AcceptedReason,
    CheckContext,
    PostingCheck,
    Reason,
    ReasonCode,
    Rule,
    Verdict,
    verdict_of,
)
from posylka.domain.order_checks.rules import RULES, run_checks

__all__ = [
    "DEFAULT_DUPLICATE_WINDOW",
    "RULES",
    "AcceptedReason",
    "CheckContext",
    "PostingCheck",
    "Reason",
    "ReasonCode",
    "Rule",
    "Verdict",
    "run_checks",
    "verdict_of",
]
