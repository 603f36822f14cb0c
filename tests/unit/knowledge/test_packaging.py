"""html2text ships only with the indexing consumer (functions/indexing_consumer/requirements.txt): the other
functions that use runa.knowledge must not import it, or they would fail at import time in Lambda."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _imports_html2text(module: str) -> bool:
    code = f"import sys, {module}; print('html2text' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip() == "True"


def test_the_knowledge_api_and_the_chat_do_not_import_html2text() -> None:
    assert not _imports_html2text("functions.agent_knowledge.app")
    assert not _imports_html2text("functions.agent_chat.app")


def test_the_indexing_consumer_does_and_declares_it() -> None:
    assert _imports_html2text("functions.indexing_consumer.app")
    requirements = (ROOT / "functions" / "indexing_consumer" / "requirements.txt").read_text()
    assert "html2text==" in requirements
