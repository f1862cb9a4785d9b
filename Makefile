# Two entry points, both self-contained on a fresh Debian machine (run as root):
#   make demo   installs everything and builds + prints a cone
#   make test   installs everything and runs the test suite
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# Debian packages: pycddlib builds against libcdd and GMP; the tests also compile the
# LaTeX exports with pdflatex (booktabs and longtable).
APT_BUILD := libcdd-dev libgmp-dev python3-venv
APT_TEST  := texlive-latex-base texlive-latex-recommended

.PHONY: demo test system system-test clean

system:
	@if ! dpkg -s $(APT_BUILD) >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_BUILD); fi

system-test:
	@if ! dpkg -s $(APT_TEST) >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_TEST); fi

$(STAMP): pyproject.toml
	$(MAKE) system
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,dask]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/cones build holographic -n 4 --show facets

test: $(STAMP) system-test
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
