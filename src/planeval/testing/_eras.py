"""A strategy for the eras a plan may declare after the built-in ones."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from planeval.limits import LAST_YEAR, MAX_ERA_NAME_LENGTH
from planeval.model import Era
from planeval.periods import ERAS

#: Characters of era names: kanji, kana, Latin, Greek; none a digit nor changed by NFKC.
_ERA_NAME_CHARACTERS = "新元号安永和光ひらがなカタカナAbcXyzΩλ"


@st.composite
def extra_eras(draw: st.DrawFn, *, max_size: int = 3) -> tuple[Era, ...]:
    """Up to ``max_size`` eras a plan may declare: after the last built-in one, each in turn.

    Their names and letters are unused by the built-in eras, and each starts
    after the one before, at least ten years before the last year planeval
    knows.
    """
    names = draw(
        st.lists(
            st.text(
                st.sampled_from(_ERA_NAME_CHARACTERS), min_size=1, max_size=MAX_ERA_NAME_LENGTH
            ),
            max_size=max_size,
            unique=True,
        ).map(lambda found: [name for name in found if name not in {e.name for e in ERAS}])
    )
    free = [chr(c) for c in range(ord("A"), ord("Z") + 1) if chr(c) not in {e.letter for e in ERAS}]
    letters = draw(st.permutations(free))
    eras: list[Era] = []
    start, last = ERAS[-1].start, datetime.date(LAST_YEAR - 10, 12, 31)
    for name, letter in zip(names, letters, strict=False):
        if start >= last:
            break  # no day left for another era to start on
        start = draw(st.dates(start + datetime.timedelta(days=1), last))
        eras.append(Era(name=name, letter=letter, start=start))
    return tuple(eras)
