"""The operator's tool from an operator's seat: one-line errors (never a traceback), accounts created only on
purpose, and a deployed stack named with --stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from runa.auth import store
from runa_ops import accounts
from runa_ops.admin.__main__ import main as admin

ROOT = Path(__file__).resolve().parents[2]


def _clean_shell(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A new terminal: no AWS variables, no profile files, no instance metadata, no local API file."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)]),
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "RUNA_LOCAL_ENV": str(tmp_path / "no-env.sh"),
        **extra,
    }


def _tool(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runa_ops.admin", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "extra", "expected"),
    [
        (["keys", "list"], {}, "error: no local API found"),
        (["--stack", "runa-dev", "keys", "list"], {"AWS_DEFAULT_REGION": "eu-west-1"}, "error: no AWS credentials"),
        (["--stack", "runa-dev", "keys", "list"], {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"},
         "error: no AWS region"),
    ],
)  # fmt: skip
def test_given_a_clean_shell_when_something_is_missing_then_one_line_says_what(
    tmp_path: Path, args: list[str], extra: dict[str, str], expected: str
) -> None:
    result = _tool(_clean_shell(tmp_path, **extra), *args)

    assert result.returncode == 2
    assert result.stderr.startswith(expected)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_given_no_such_stack_then_one_line_names_it(aws: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code = admin(["--stack", "runa-nope", "keys", "list"])

    err = capsys.readouterr().err
    assert code == 2
    assert err == "error: unknown stack 'runa-nope' in eu-west-1\n"


def test_given_a_mistyped_account_then_nothing_is_created(aws: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert admin(["accounts", "create", "--account", "acme"]) == 0
    capsys.readouterr()

    code = admin(["keys", "create", "--env", "playground", "--account", "acmee"])

    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: unknown account 'acmee': create it first with `runa-admin accounts create")
    assert store.list_keys("acmee") == []
    assert not accounts.exists("acmee")
    assert admin(["balance", "top-up", "--env", "production", "--account", "acmee", "--currency", "USD",
                  "--amount", "1.00"]) == 2  # fmt: skip


def test_given_an_account_created_on_purpose_then_keys_belong_to_it_and_it_is_listed(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert admin(["accounts", "create", "--account", "globex"]) == 0
    assert admin(["accounts", "create", "--account", "globex"]) == 0
    assert admin(["keys", "create", "--env", "production", "--account", "globex"]) == 0
    assert admin(["accounts", "list"]) == 0

    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert printed[0] == {"account": "globex", "created": True}
    assert printed[1] == {"account": "globex", "created": False}
    assert printed[2]["account"] == "globex" and printed[2]["key"].startswith("wg")
    assert [line["account"] for line in printed[3:]] == ["globex"]
    assert [key.account_id for key in store.list_keys("globex")] == ["globex"]


def test_given_a_local_env_file_when_a_stack_is_named_then_the_callers_environment_is_left_as_it_was(
    aws: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make dev` then `make test` in one clone: a .local/env.sh whose values match this process's (the region, the
    table names) once made `--stack` delete them from os.environ, and every later test on that worker failed."""
    env_file = tmp_path / "env.sh"
    same = {name: os.environ[name] for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "ACCOUNTS_TABLE", "ORDERS_TABLE")}
    env_file.write_text("unset AWS_PROFILE\n" + "".join(f"export {name}={value}\n" for name, value in same.items()))
    monkeypatch.setenv("RUNA_LOCAL_ENV", str(env_file))
    before = dict(os.environ)

    code = admin(["--stack", "runa-nope", "keys", "list"])

    assert code == 2
    assert capsys.readouterr().err == "error: unknown stack 'runa-nope' in eu-west-1\n"
    assert dict(os.environ) == before


def test_the_tests_never_read_this_checkouts_local_api_file() -> None:
    assert not Path(os.environ["RUNA_LOCAL_ENV"]).exists()
    assert ".local" not in os.environ["RUNA_LOCAL_ENV"]


def test_given_an_event_with_no_recorded_attempt_then_attempts_says_so_instead_of_printing_nothing(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert admin(["accounts", "create", "--account", "acme"]) == 0
    capsys.readouterr()

    code = admin(["webhooks", "attempts", "--env", "production", "--account", "acme", "--id", "msg_O-..._completed"])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith("error: no delivery attempts of 'msg_O-..._completed' (replace `...`")
