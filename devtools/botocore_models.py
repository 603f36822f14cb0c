"""botocore's service models, parsed once per process instead of once per Session.

Every botocore (or boto3) Session builds its own loader, which lists botocore's data directories and parses the same
JSON models (the service, its endpoint rules, the partitions) again: most of the cost of a first client. Two
users share one loader for the whole process:

- the test processes (tests/conftest.py), whose cases forget their clients between them;
- the local API's forkserver (devtools/local_api/environments.py PRELOAD imports
  devtools.local_api.parsed_models), which parses the functions' models before it forks, so each execution
  environment starts with them in its own copy of memory, as it starts with the imported libraries.

Models are read-only data: each Session still makes its own clients, credentials and configuration.
"""

from __future__ import annotations

from functools import cache

import botocore.loaders
import botocore.session


class _UniquePaths(list[str]):
    """boto3 appends its own data path to the loader of every Session it creates: once is enough here."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)


@cache
def _one_loader(search_path_string: str | None = None) -> botocore.loaders.Loader:
    loader = botocore.loaders.create_loader(search_path_string)
    loader._search_paths = _UniquePaths(loader.search_paths)  # type: ignore[attr-defined]
    return loader


def share_one_loader() -> None:
    """Every botocore Session created from now on in this process uses one loader (and its parsed models)."""
    botocore.session.create_loader = _one_loader


def parse_models(clients: tuple[str, ...]) -> None:
    """Create (and drop) these clients on a throwaway botocore Session, as the layer makes them (runa/core/aws.py):
    the shared loader keeps every model they read. Nothing is sent; the credentials are placeholders that never
    leave this function."""
    share_one_loader()
    session = botocore.session.get_session()
    for service in clients:
        session.create_client(
            service,
            region_name="eu-west-1",
            aws_access_key_id="placeholder",
            aws_secret_access_key="placeholder",  # noqa: S106 - never sent: no request is made
        )
