"""The sessions store's memory read: the newest message items, grouped into whole turns, oldest first."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from runa.agent.data import sessions
from runa.agent.data.sessions import HISTORY_ITEMS
from runa.agent.logic.records import StoredMessage, TurnRecord
from runa.agent.logic.tool_records import ToolCallRecord
from runa.core.errors import Conflict

OWNER = "playground#acme#prod_abc123"
START = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def _turn(n: int, session_id: str) -> TurnRecord:
    at = (START + timedelta(minutes=n)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    turn_id = f"msg_u{n}"
    calls = [
        StoredMessage(
            f"msg_t{n}_{k}",
            "tool",
            turn_id,
            at,
            tool_call=ToolCallRecord(f"t{n}_{k}", "get_revenue", {"period": f"p{n}"}, "success", {"n": n}, 1),
        )
        for k in range(1)
    ]
    return TurnRecord(
        owner=OWNER,
        session_id=session_id,
        new_session=n == 0,
        started_at=at,
        day="2026-03-01",
        messages=[
            StoredMessage(turn_id, "user", turn_id, at, content=f"q{n}"),
            *calls,
            StoredMessage(f"msg_a{n}", "assistant", turn_id, at, content=f"a{n}"),
        ],
        intent="get_revenue",
    )


def test_given_more_messages_than_the_read_limit_then_history_holds_only_whole_turns(aws: Any) -> None:
    turns = 30  # 3 items a turn: 90 items; the newest 80 are 26 whole turns and 2 items of another
    for n in range(turns):
        sessions.save_turn(_turn(n, "sess_long"))

    history = sessions.load_history(OWNER, "sess_long")

    assert HISTORY_ITEMS == 80
    assert [t.user for t in history] == [f"q{n}" for n in range(turns - 26, turns)]
    assert all(len(t.tool_calls) == 1 and t.reply == t.user.replace("q", "a") for t in history)
    assert history[-1].tool_calls[0].arguments == {"period": "p29"}
    assert sessions.get_session(OWNER, "sess_long").message_count == 2 * turns  # type: ignore[union-attr]


def test_given_two_first_turns_of_one_client_chosen_id_then_the_second_is_a_409_and_writes_nothing(aws: Any) -> None:
    # Given a first turn already stored for the client's own id
    sessions.save_turn(_turn(0, "sess_xyz"))
    racing = replace(
        _turn(0, "sess_xyz"), messages=[replace(m, content="other") for m in _turn(0, "sess_xyz").messages]
    )

    # When another first turn of the same id lands (two requests started it at once)
    with pytest.raises(Conflict):
        sessions.save_turn(racing)

    # Then the conversation holds only the first turn
    assert sessions.get_session(OWNER, "sess_xyz").message_count == 2  # type: ignore[union-attr]
    assert [turn.user for turn in sessions.load_history(OWNER, "sess_xyz")] == ["q0"]
