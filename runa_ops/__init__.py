"""Operator and developer tooling that never ships to Lambda: the `runa-admin` tool and the template reader.

They need PyYAML and template.yaml, neither of which exists in a Lambda function, so they live beside the layer
(`layers/shared/runa`), not in it. `make venv` installs this package and the layer into `.venv` in editable mode,
which puts the `runa-admin` console script on `.venv/bin` and makes both importable from any directory.

admin/     the operator's command-line tool (`runa-admin`, or `python -m runa_ops.admin`)
template   read template.yaml (with CloudFormation short tags): names of tables, queues, functions
seed/      the product catalogue that `runa-admin catalogue seed` writes (deploy time and `make dev`)
"""

from pathlib import Path

# The repository checkout this package runs from (editable install): template.yaml and .local/ live here.
ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PATH = ROOT / "template.yaml"
