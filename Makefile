# Two entry points, both self-contained on a fresh Debian machine (run as root):
#   make demo   installs everything and builds + prints a cone
#   make test   installs everything and runs the test suite
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test system clean

system:
	@if ! dpkg -s libcdd-dev libgmp-dev >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcdd-dev libgmp-dev python3-venv; fi

$(STAMP): pyproject.toml
	$(MAKE) system
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,dask]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/cones build shannon -n 4 --show rays

test: $(STAMP)
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
