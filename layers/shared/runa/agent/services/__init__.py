"""Wiring of the agent API: the real data modules behind the logic's ports, one module per resource group, so
each function imports only what it runs (the analytics function never loads the engine). Handlers call these;
tests may build their own ports."""
