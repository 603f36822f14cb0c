"""Which DynamoDB the tool talks to: the running local API by default, or a deployed stack with --stack NAME.

Local: the environment `make dev` wrote to .local/env.sh (moto's endpoint, fake credentials, the table names),
read by the tool itself, so it works from a clean shell. The caller's own environment wins when it already names
the tables (a shell that sourced the file, the tests). RUNA_LOCAL_ENV points at another such file.
Stack: the table and queue names are read from the stack's resources with your AWS credentials; moto's endpoint and
fake credentials, when this shell sourced them from the local file, are dropped first (nothing else: the region, say,
stays the caller's).

Either way the tool changes only its own process's environment, and `scoped_environment()` gives an in-process caller
(the tests) its environment back afterwards.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

from runa.core import aws
from runa.core.settings import reset_settings
from runa_ops import ROOT
from runa_ops.admin import stack
from runa_ops.admin.errors import OperatorError

LOCAL_ENV = ROOT / ".local" / "env.sh"
# What the local file sets that would send a deployed stack's calls to moto.
LOCAL_CONNECTION = ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")


def local_env_file() -> Path:
    return Path(os.environ.get("RUNA_LOCAL_ENV") or LOCAL_ENV)


def read_env_file(path: Path) -> tuple[dict[str, str], list[str]]:
    """The `export NAME=value` and `unset NAME` lines of a file written by the local API."""
    exports: dict[str, str] = {}
    unset: list[str] = []
    for line in path.read_text().splitlines():
        words = shlex.split(line, comments=True)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            name, value = words[1].split("=", 1)
            exports[name] = value
        elif len(words) >= 2 and words[0] == "unset":
            unset += words[1:]
    return exports, unset


def use_local() -> str:
    """Point at the local API's moto; returns a description for error messages."""
    if os.environ.get("ACCOUNTS_TABLE"):
        return os.environ.get("AWS_ENDPOINT_URL") or "the environment's AWS account"
    path = local_env_file()
    if not path.exists():
        raise OperatorError(
            f"no local API found ({path} does not exist): start it with `make dev`, or name a deployed stack "
            "with --stack NAME"
        )
    exports, unset = read_env_file(path)
    for name in unset:
        os.environ.pop(name, None)
    os.environ.update(exports)
    _forget()
    return exports.get("AWS_ENDPOINT_URL", str(path))


def use_stack(name: str) -> str:
    path = local_env_file()
    if path.exists():
        exports, _ = read_env_file(path)
        for variable in LOCAL_CONNECTION:
            if variable in exports and os.environ.get(variable) == exports[variable]:
                del os.environ[variable]
    _forget()
    try:
        stack.export_stack_names(name)
    except ClientError as error:
        if aws.error_code(error) == "ValidationError" and "does not exist" in str(error):
            raise OperatorError(f"unknown stack '{name}' in {boto3.session.Session().region_name}") from None
        raise
    return f"stack {name}"


def _forget() -> None:
    aws.reset_clients()
    reset_settings()


@contextmanager
def scoped_environment() -> Iterator[None]:
    """Whatever a target sets or drops in os.environ is undone on the way out (the tool run in-process)."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        _forget()
