"""The docs test holds a command's answer to what its comment says (tests/e2e/docs_shell.py)."""

from __future__ import annotations

import json

from tests.e2e.docs_shell import commands, expectation, is_plain_curl, paste_ids, unmet

BLOCK = """\
curl -s -H "X-Api-Key: $KEY" $BASE/v2/ping            # {"message": "pong"}
curl -s $BASE/v2/ping                                  # 401 {"type": "unauthorized", ...}
curl -s -X POST $API/v1/tools -d '{
  "name": "get_revenue # not a comment"
}'
# 201 {"id": "tool_...", "name": "get_revenue", ...}
#   "status": "active"}
curl -s $BASE/v2/product   # the catalogue
"""


def test_given_a_block_then_each_command_carries_the_comment_that_says_what_it_answers() -> None:
    found = commands(BLOCK)

    assert [command.text.split()[0] for command in found] == ["curl"] * 4
    assert found[2].text.endswith("}'") and "# not a comment" in found[2].text
    assert found[2].comment.startswith("# 201") and '"status": "active"' in found[2].comment
    assert expectation(found[0].comment).pairs == [("message", "pong")]
    assert expectation(found[1].comment).status == 401
    assert not expectation(found[3].comment).checkable


def test_given_an_answer_that_differs_from_the_page_then_it_is_reported() -> None:
    page = expectation('# 202 {"id":"O-...","status":"PROCESSING", "total": 1, "nextCursor": null}')

    assert unmet(page, 202, json.dumps({"id": "O-01ABC", "status": "PROCESSING", "total": 1, "nextCursor": None})) == []
    assert unmet(page, 403, "{}")[0] == "status 403, the page says 202"
    wrong = unmet(page, 202, json.dumps({"id": "X-1", "status": "COMPLETED", "total": 0, "nextCursor": "c"}))
    assert [problem.split(":")[0] for problem in wrong] == ["id", "status", "total", "nextCursor"]
    assert unmet(expectation('# {"balance":"976.50"}'), 400, '{"balance": "976.50"}') == [
        "status 400, the page shows a successful answer"
    ]


def test_given_ids_from_earlier_answers_then_a_readers_placeholder_is_pasted_with_the_latest() -> None:
    seen = ["O-01AAA", "ks_1", "O-01BBB", "msg_O-01BBB_completed"]

    assert paste_ids("curl $BASE/v2/order/O-01...", seen) == "curl $BASE/v2/order/O-01BBB"
    assert paste_ids("--id msg_O-..._completed", seen) == "--id msg_O-01BBB_completed"
    assert paste_ids("curl $API/v1/knowledge/sess_...", seen) == "curl $API/v1/knowledge/sess_..."
    assert is_plain_curl('curl -s -d \'{"a": "x|y"}\' $BASE/v2/order')
    assert not is_plain_curl("curl -s $BASE/v2/order | python3 -m json.tool")


def test_given_a_here_document_then_it_is_part_of_its_command() -> None:
    found = commands("cat > /tmp/x <<'EOF'\n<p># not a comment</p>\nEOF\necho done   # done\n")

    assert [command.text for command in found] == ["cat > /tmp/x <<'EOF'\n<p># not a comment</p>\nEOF", "echo done"]


def test_given_a_command_whose_own_comment_says_what_it_does_then_the_answer_below_is_still_checked() -> None:
    block = 'curl -s "$API/v1/analytics" -H "Authorization: Bearer $KEY"   # today (UTC)\n# {"conversations": 1}\n'

    (command,) = commands(block)

    assert expectation(command.comment).pairs == [("conversations", 1)]
