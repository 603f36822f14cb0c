"""`balance` commands (filled by the issue that owns them)."""

from __future__ import annotations

import argparse


def register(areas: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands to the admin parser."""
