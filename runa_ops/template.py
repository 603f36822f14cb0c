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


def _resolved(
    variables: dict[str, Any], physical: dict[str, str], parameters: dict[str, str], *, strict: bool
) -> dict[str, str]:
    resolved = {}
    for name, value in variables.items():
        try:
            text = resolve(value, physical, parameters)
        except KeyError:
            if strict:
                raise
            continue  # a resource this environment does not have (e.g. the KMS key in moto)
        if isinstance(text, bool):
            text = str(text).lower()
        if isinstance(text, str | int | float):
            resolved[name] = str(text)
        elif strict:
            raise KeyError(f"{name} uses an intrinsic that cannot be resolved here")
    return resolved


def environment_of(
    template: dict[str, Any], function: str, physical: dict[str, str], parameters: dict[str, str] | None = None
) -> dict[str, str]:
    """One function's environment as Lambda sets it: the Globals, then the function's own variables."""
    params = {**parameter_defaults(template), **(parameters or {})}
    spec = template["Resources"][function]["Properties"]
    variables = {
        **template["Globals"]["Function"]["Environment"]["Variables"],
        **((spec.get("Environment") or {}).get("Variables") or {}),
    }
    return _resolved(variables, physical, params, strict=True)


def function_environment(
    template: dict[str, Any], physical: dict[str, str], parameters: dict[str, str] | None = None
) -> dict[str, str]:
    """Every variable any function receives (the Globals and each function's own), resolved against physical
    names: what the admin tool, the tests and the local API set when they run every function in one process.
    Variables naming resources that `physical` does not have are left out."""
    params = {**parameter_defaults(template), **(parameters or {})}
    merged = _resolved(template["Globals"]["Function"]["Environment"]["Variables"], physical, params, strict=True)
    for spec in resources_of_type(template, "AWS::Serverless::Function").values():
        variables = (spec["Properties"].get("Environment") or {}).get("Variables") or {}
        merged.update(_resolved(variables, physical, params, strict=False))
    return merged


def resources_of_type(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {name: spec for name, spec in template["Resources"].items() if spec["Type"] == resource_type}
