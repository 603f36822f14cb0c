# The README's commands. `make dev` serves the local API; `make test` is what CI runs.
SHELL := /bin/bash
# Lambda runs python3.13; so does the virtual environment (pyenv's 3.13.0 where pyenv exists).
PYTHON313 ?= $(shell p=$$(pyenv prefix 3.13.0 2>/dev/null) && echo "$$p/bin/python3" || command -v python3.13)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# checkov lives in its own virtualenv: its pinned dependencies would fight the project's dev dependencies.
CHECKOV_VERSION := 3.3.30
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed-$(CHECKOV_VERSION)

.PHONY: venv dev test lint typecheck validate checkov unit bench chaos build seed clean sdks sdks-ts dataclass-sources

venv: $(STAMP)

# Last step: this checkout itself, editable and without dependencies: .venv/bin/runa-admin, and `runa` (the layer)
# and `runa_ops` (the operator's tooling) importable from any directory.
$(STAMP): pyproject.toml
	@test -x "$(PYTHON313)" || { echo "python3.13 not found: install it (pyenv install 3.13.0) or set PYTHON313=/path/to/python3.13"; exit 1; }
	$(PYTHON313) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) scripts/requirements.py > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# make dev PORT=3100 MOTO_PORT=4600 (0 picks a free port); LOCAL_DIR is where env.sh and keys.env go;
# FUNCTION_LOG_LEVEL=INFO shows the functions' INFO lines (and metrics) as deployed.
PORT ?= 3000
MOTO_PORT ?= 4566
LOCAL_DIR ?= .local
FUNCTION_LOG_LEVEL ?= WARNING
# --take-terminal: the terminal's Ctrl-C reaches the local API alone, so make exits 0 rather than 130 with it.
DEV_OPTIONS = --take-terminal --function-log-level $(FUNCTION_LOG_LEVEL)
dev: venv
	$(PY) -m devtools.local_api $(DEV_OPTIONS) --port $(PORT) --moto-port $(MOTO_PORT) --env-file $(LOCAL_DIR)/env.sh

RUFF_CHECK := $(VENV)/bin/ruff check .
RUFF_FORMAT := $(VENV)/bin/ruff format --check .
MYPY := $(VENV)/bin/mypy layers/shared/runa runa_ops functions devtools scripts sdks/generate.py sdks/python/src/runa_client sdks/python/tests
SAM_VALIDATE := env SAM_CLI_TELEMETRY=0 $(VENV)/bin/sam validate --lint
CFN_LINT := $(VENV)/bin/cfn-lint template.yaml
CHECKOV := $(CHECKOV_VENV)/bin/checkov --file template.yaml --framework cloudformation --compact --quiet --skip-download
PYTEST := $(PY) -m pytest -n $(or $(PYTEST_WORKERS),2)

lint: venv
	$(RUFF_CHECK)
	$(RUFF_FORMAT)

typecheck: venv
	$(MYPY)

validate: venv checkov
	$(SAM_VALIDATE)
	$(CFN_LINT)

$(CHECKOV_STAMP):
	@test -x "$(PYTHON313)" || { echo "python3.13 not found: install it (pyenv install 3.13.0) or set PYTHON313=/path/to/python3.13"; exit 1; }
	rm -rf $(CHECKOV_VENV)
	$(PYTHON313) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CHECKOV_VENV)/bin/python -m pip install --quiet 'checkov==$(CHECKOV_VERSION)'
	touch $(CHECKOV_STAMP)

# 0 failed checks; every skip is written next to its resource (Metadata: checkov: skip) with its reason.
checkov: $(CHECKOV_STAMP)
	$(CHECKOV)

# Two workers (CI has 2 cores), whole files slowest first (tests/conftest.py's scheduler).
unit: venv
	$(PYTEST)

# What CI runs: lint, typecheck, validate (checkov included) and unit, all of them, whatever fails first. The static
# checks run beside pytest at a lower priority, in two chains: they take the CPU pytest leaves while its e2e files wait
# on their servers, instead of ~35 s before pytest starts. Their output follows pytest's; any failure fails `test`.
test: venv $(CHECKOV_STAMP)
	@checks=$$(mktemp -d); status=0; \
	check() { name=$$1; shift; nice -n 10 "$$@" > "$$checks/$$name.log" 2>&1; echo $$? > "$$checks/$$name.rc"; }; \
	{ check 1-ruff-check $(RUFF_CHECK); check 2-ruff-format $(RUFF_FORMAT); check 3-mypy $(MYPY); } & \
	{ check 4-sam-validate $(SAM_VALIDATE); check 5-cfn-lint $(CFN_LINT); check 6-checkov $(CHECKOV); } & \
	echo "$(PYTEST)  (static checks beside it; their output follows)"; \
	$(PYTEST) || status=1; \
	wait; \
	for log in "$$checks"/*.log; do \
		name=$$(basename "$$log" .log); rc=$$(cat "$$checks/$$name.rc"); \
		echo "== $${name#*-}: exit $$rc"; cat "$$log"; [ "$$rc" = 0 ] || status=1; \
	done; \
	rm -rf "$$checks"; exit $$status

# The SDKs' generated code, again from docs/openapi/ (sdks/generate.py; the generators are pinned in pyproject.toml
# and sdks/typescript/package-lock.json). tests/unit/test_sdks_generated.py fails while the committed code differs.
sdks: venv
	cd sdks/typescript && { [ -d node_modules ] || npm ci --no-audit --no-fund; }
	$(PY) sdks/generate.py
	cd sdks/typescript && npm run build

# The TypeScript SDK's dependencies (npm ci, from the lock file) and its build; `npm test` in sdks/typescript tests it.
sdks-ts:
	cd sdks/typescript && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build

bench: venv
	$(PY) -m devtools.bench

# The texts @dataclass compiles at a cold start, which the build compiles once for runa.boot
# (devtools/dataclass_sources.py); tests/unit/test_lambda_build.py says when they need recording again.
dataclass-sources: venv
	$(PY) -m devtools.dataclass_sources

# Fault injection through the local API (tests/faults): every scenario with 150 orders, then the figures.
chaos: venv
	$(PY) -m tests.faults

build: venv
	PATH="$(dir $(PYTHON313)):$$PATH" SAM_CLI_TELEMETRY=0 $(VENV)/bin/sam build

# Deploy-time seeding of a deployed stack: make seed STACK=runa-dev (uses your AWS credentials).
seed: venv
	@test -n "$(STACK)" || { echo "usage: make seed STACK=<stack name>"; exit 1; }
	$(VENV)/bin/runa-admin --stack $(STACK) catalogue seed

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .aws-sam .local .mypy_cache .ruff_cache .pytest_cache
