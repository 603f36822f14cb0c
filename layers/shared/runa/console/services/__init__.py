"""Wiring of the console: the real stores behind the console logic's ports, one module per console function, so
each function imports only what its pages run (the keys page never loads the ordering or agent code). Handlers call
these; tests may build their own ports."""
