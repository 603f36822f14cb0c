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
