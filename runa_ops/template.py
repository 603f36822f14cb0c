"""Read template.yaml (with its CloudFormation short tags) so tooling never keeps a second list of names.

Used by the admin tool, devtools (the local API, resource creation) and the tests; never shipped to Lambda.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _CfnLoader(yaml.SafeLoader):
    pass


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_CfnLoader.add_multi_constructor("!", _tag)


def load_template(path: Path) -> dict[str, Any]:
    with path.open() as handle:
        return yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass


def resolve(value: Any, physical: dict[str, str], parameters: dict[str, str] | None = None) -> Any:
    """Resolve `Ref` of resources (to their physical names/URLs) and of parameters (to their values)."""
    if isinstance(value, dict) and set(value) == {"Ref"}:
        ref = value["Ref"]
        if ref in physical:
            return physical[ref]
        if parameters and ref in parameters:
            return parameters[ref]
        raise KeyError(f"cannot resolve Ref {ref}")
    return value


def parameter_defaults(template: dict[str, Any]) -> dict[str, str]:
    return {name: str(spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()}


def function_environment(
    template: dict[str, Any], physical: dict[str, str], parameters: dict[str, str] | None = None
) -> dict[str, str]:
    """The Globals environment of every function, resolved against physical names."""
    params = {**parameter_defaults(template), **(parameters or {})}
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    return {name: str(resolve(value, physical, params)) for name, value in variables.items()}


def resources_of_type(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {name: spec for name, spec in template["Resources"].items() if spec["Type"] == resource_type}
