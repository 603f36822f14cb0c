"""Identifiers: ULIDs sort by creation time and follow the spec's layout (ulid/spec)."""

from __future__ import annotations

import re
import time

from runa.core.ids import CROCKFORD, prefixed, ulid


def _milliseconds(value: str) -> int:
    number = 0
    for char in value[:10]:
        number = number * 32 + CROCKFORD.index(char)
    return number


def test_given_a_new_ulid_then_it_is_26_crockford_characters_carrying_the_current_millisecond() -> None:
    before = time.time_ns() // 1_000_000
    value = ulid()
    after = time.time_ns() // 1_000_000

    assert re.fullmatch(r"[0-7][0-9A-HJKMNP-TV-Z]{25}", value)
    assert before <= _milliseconds(value) <= after


def test_given_ulids_made_in_later_milliseconds_then_they_sort_after_earlier_ones() -> None:
    made = []
    for _ in range(5):
        made.append(ulid())
        time.sleep(0.002)

    assert sorted(made) == made
    assert len(set(made)) == 5


def test_given_ulids_made_in_the_same_millisecond_then_their_random_parts_differ() -> None:
    values = {ulid() for _ in range(1000)}

    assert len(values) == 1000


def test_given_a_prefix_then_the_id_is_the_prefix_and_random_hex() -> None:
    assert re.fullmatch(r"sess_[0-9a-f]{20}", prefixed("sess_"))
