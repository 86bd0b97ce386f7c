# vanban — set-up, demo, tests, benchmark.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint install clean

$(STAMP): pyproject.toml
	-sh scripts/install-system-deps.sh || echo "warning: system packages (tesseract, LibreOffice) not installed; OCR and .doc tests will skip"
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
	$(PY) -m pipeline.evaluate.ocr_bench

lint: $(STAMP)
	$(PY) -m compileall -q pipeline tests

clean:
	rm -rf $(VENV) outputs/*.docx outputs/*.db
