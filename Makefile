# Kirok developer tasks. `make help` lists them; `make test` is what CI runs (.ci/run).
#
#   make test PYTEST_ARGS="-k persons -x"    pass options through to pytest
#   make demo PORT=8080                      serve the demo on another port
#   make lock UPGRADE=1                      move the lock files to the newest versions

VENV := .venv
PY := $(VENV)/bin/python
# `python -m pytest` puts the repository root on sys.path, which `-p tests.plugins.database`
# (pyproject's addopts) needs before pytest has read its configuration.
PYTEST := $(PY) -m pytest
RUFF := $(VENV)/bin/ruff
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=
LINT_DIRS := $(wildcard kirok tests bench tools)

.DEFAULT_GOAL := help
.PHONY: help venv system-deps test test-sqlite test-postgresql demo lint format lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install the locked dependencies and Kirok (editable)

$(PY):
	python3 -m venv $(VENV)

# Reinstall only when the lock files or pyproject.toml change.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --disable-pip-version-check --no-deps -e .
	touch $@

# Debian packages the tests need: Chromium for the browser tests (with CJK fonts, so that
# screenshots show Korean rather than empty boxes), gettext to check that the Korean
# catalogue covers every string, a PostgreSQL server for the PostgreSQL run
# (tests/plugins/database.py starts its own throwaway server with initdb), and a Java
# runtime for the linkage test on a local Spark session.
system-deps: ## Install Chromium, CJK fonts, gettext, PostgreSQL and Java from Debian if missing (root)
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium chromium-driver"; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	bindir=$$(pg_config --bindir 2>/dev/null || true); \
	if [ ! -x "$$bindir/initdb" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		missing="$$missing postgresql"; \
	fi; \
	[ -n "$$missing" ] || exit 0; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "Missing system packages:$$missing"; \
		echo "Install them with: sudo apt-get install --no-install-recommends$$missing"; \
		exit 1; \
	fi; \
	echo "Installing:$$missing"; \
	apt-get update && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing

test: venv system-deps ## Lint, then run the tests on SQLite and on PostgreSQL, side by side
	$(RUFF) check $(LINT_DIRS)
	@# The two runs go side by side, a core each, and both always finish, so one report shows
	@# failures on either database. Each run's output goes to a log that is printed whole
	@# when both have ended (interleaved pytest output would be unreadable).
	@mkdir -p test-artifacts; status=0; \
	$(MAKE) --no-print-directory test-sqlite > test-artifacts/sqlite.log 2>&1 & sqlite=$$!; \
	$(MAKE) --no-print-directory test-postgresql > test-artifacts/postgresql.log 2>&1 & pg=$$!; \
	echo "Tests are running on SQLite and on PostgreSQL (logs in test-artifacts/) …"; \
	wait $$sqlite || status=1; echo "== SQLite"; cat test-artifacts/sqlite.log; \
	wait $$pg || status=1; echo "== PostgreSQL"; cat test-artifacts/postgresql.log; \
	exit $$status

# The browser tests exercise the UI; the database-specific behaviour is covered by the rest.
# Each browser test runs once: on SQLite, or, for those marked browser_on_postgresql, in the
# PostgreSQL run (which would otherwise end minutes before the SQLite one).
test-sqlite: venv ## Run the suite on SQLite (browser tests included)
	KIROK_TEST_DATABASE=sqlite $(PYTEST) -m "not browser_on_postgresql" $(PYTEST_ARGS)

test-postgresql: venv ## Run the suite, less most browser tests, on a throwaway PostgreSQL server
	KIROK_TEST_DATABASE=postgresql $(PYTEST) -m "not browser or browser_on_postgresql" $(PYTEST_ARGS)

demo: venv ## Serve a demo with fictional data on http://127.0.0.1:$(PORT)
	$(VENV)/bin/kirok demo --port $(PORT)

lint: venv ## Check style and formatting with ruff
	$(RUFF) check $(LINT_DIRS)
	$(RUFF) format --check $(LINT_DIRS)

format: venv ## Reformat the code with ruff
	$(RUFF) format $(LINT_DIRS)

# Direct dependencies are in pyproject.toml; the lock files pin every version with hashes.
lock: | $(PY) ## Regenerate requirements.lock and requirements-dev.lock with uv
	[ -x $(VENV)/bin/uv ] || $(PY) -m pip install --disable-pip-version-check uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --python-version 3.11 \
		--generate-hashes $(if $(UPGRADE),--upgrade) -o requirements-dev.lock
	# Deployments get the versions the tests ran with: the dev lock constrains the main one.
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes \
		--constraint requirements-dev.lock $(if $(UPGRADE),--upgrade) -o requirements.lock

clean: ## Remove caches, build leftovers and test artifacts (keeps .venv)
	rm -rf test-artifacts .pytest_cache .ruff_cache build dist *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
