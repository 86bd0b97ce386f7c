# vanban — set-up, demo, tests, benchmark.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint install clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/vanban demo --corpus corpora --out outputs

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m pipeline.evaluate.bench

lint: $(STAMP)
	$(PY) -m compileall -q pipeline tests

clean:
	rm -rf $(VENV) outputs/*.docx outputs/*.db
