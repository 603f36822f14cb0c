"""What Lambda ships is what the tests ran with: every runtime pin of pyproject.toml is in the layer's or exactly
one function's requirements.txt, with the same version, and nothing ships that pyproject.toml does not declare."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pins(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def test_given_the_runtime_pins_then_each_ships_once_and_nothing_else_ships() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    shipped = [
        pin
        for requirements in [
            ROOT / "layers/shared/requirements.txt",
            *sorted(ROOT.glob("functions/*/requirements.txt")),
        ]
        for pin in _pins(requirements)
    ]

    assert sorted(shipped) == sorted(declared)
    assert all("==" in pin for pin in shipped)  # exact pins only
