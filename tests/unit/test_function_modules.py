"""Every function folder's `app.py` imports as its own module, so one test process (and the local API) can hold
all of them at once; the list of folders comes from template.yaml, not from here. Every entry point resumes the
garbage collector that runa.boot pauses for the init in Lambda."""

from __future__ import annotations

import sys

from devtools.functions import load_handler, module_for
from devtools.infra import TEMPLATE_PATH
from runa_ops.template import load_template, resources_of_type


def test_given_every_function_in_the_template_when_loaded_together_then_no_two_share_a_module() -> None:
    functions = resources_of_type(load_template(TEMPLATE_PATH), "AWS::Serverless::Function")

    handlers = {
        name: load_handler(spec["Properties"]["CodeUri"], spec["Properties"]["Handler"])
        for name, spec in functions.items()
    }
    modules = {
        name: module_for(spec["Properties"]["CodeUri"], spec["Properties"]["Handler"])[0]
        for name, spec in functions.items()
    }

    assert len(functions) >= 11
    assert len(set(modules.values())) == len(functions)  # one module per function, all named ...app
    assert all(module.endswith(".app") for module in modules.values())
    assert len({id(handler) for handler in handlers.values()}) == len(functions)
    # In Lambda the init pauses the garbage collector (runa.boot) and the first invocation must resume it.
    assert [name for name, handler in handlers.items() if not getattr(handler, "resumes_gc", False)] == []
    for name, module in modules.items():
        assert sys.modules[module].__file__ is not None
        assert sys.modules[module].__file__.endswith(f"{functions[name]['Properties']['CodeUri'].strip('/')}/app.py")
