# Two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
STAMP  := $(VENV)/.installed

.PHONY: run test bench package clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Closer needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(STAMP)
	PORT=$(PORT) CLOSER_VERIFY_SIGNATURES=0 $(BIN)/closer serve

test: $(STAMP) node_modules/.installed
	$(BIN)/python -m pytest -n auto -q

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

# The Lambda bundle (serverless.yml), built without AWS: no account, no credentials. Writes
# .serverless/closer.zip and the CloudFormation templates (STAGE=dev, SLS_PACKAGE_DIR=.serverless
# by default). Only pip goes online (PyPI), and only until serverless-python-requirements has
# cached the wheels. Telemetry is off so nothing is queued for upload by a later deploy.
package: $(STAMP) node_modules/.installed
	SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off CLOSER_PACKAGE_PYTHON=$(abspath $(BIN))/python \
		npx --no-install serverless package --stage "$${STAGE:-dev}" --package "$${SLS_PACKAGE_DIR:-.serverless}"

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .hypothesis
