"""Wiring of the payouts API: the real data modules behind the rules' ports, one module per resource group, so each
function imports only what it runs. Handlers and consumers call these; tests may build their own ports."""
