"""Key format, hashing and header parsing: no AWS involved."""

from __future__ import annotations

from runa.auth.keys import hash_secret, key_from_headers, make_key, parse_key, secret_matches


def test_given_a_new_playground_key_when_parsed_then_prefix_id_and_secret_round_trip() -> None:
    new = make_key("playground", "acme")
    parsed = parse_key(new.plaintext)
    assert parsed is not None
    assert new.plaintext.startswith("xx")
    assert parsed.environment == "playground"
    assert parsed.key_id == new.stored.key_id
    assert secret_matches(parsed, new.stored)
    # Only the hash is kept.
    assert parsed.secret not in repr(new.stored)
    assert new.stored.secret_hash == hash_secret(parsed.secret)


def test_given_a_production_key_then_it_starts_with_wg() -> None:
    assert make_key("production", "acme").plaintext.startswith("wg")


def test_given_malformed_keys_when_parsed_then_none() -> None:
    good = make_key("production", "acme").plaintext
    for raw in ["", "wg", "zz" + good[2:], good.replace(".", ""), good + "x", good[:-1]]:
        assert parse_key(raw) is None, raw


def test_given_headers_then_x_api_key_wins_and_bearer_is_accepted_case_insensitively() -> None:
    assert key_from_headers({"x-api-key": "A", "Authorization": "Bearer B"}) == "A"
    assert key_from_headers({"authorization": "bearer B"}) == "B"
    assert key_from_headers({"Authorization": "Basic B"}) is None
    assert key_from_headers({"Authorization": "Bearer "}) is None
    assert key_from_headers(None) is None
