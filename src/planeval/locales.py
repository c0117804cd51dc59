"""The languages planeval writes reports in.

Validation checks a plan's ``locale`` against this list without loading the
label sets; :mod:`planeval.report.labels` holds one set for each.
"""

from __future__ import annotations

__all__ = ["LOCALES"]

#: Every locale a plan may declare, in the order they are listed to users.
LOCALES: tuple[str, ...] = ("ja", "en")
