# minutes: `make run` to try it, `make test` to check it. Everything installs into .venv.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
DB ?= minutes.db
SHARED ?= ../shared
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-deu tesseract-ocr-dan chromium

.PHONY: install system-deps run test lint format bench score train cv

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# OCR needs tesseract with German and Danish data, the browser test Debian's chromium (Playwright
# drives it; nothing is downloaded at run time); installed when running as root (CI, fresh machines).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -q dan; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
		else \
			echo "OCR needs: sudo apt-get install $(SYSTEM_PACKAGES)"; \
		fi; \
	fi

# Serves the archive with the inbox watcher running on data/inbox/; a new archive starts with the
# sample protocols of data/samples/ dropped into the inbox. Ctrl-C stops both.
run: install system-deps
	@mkdir -p data/inbox
	@if [ ! -e $(DB) ]; then cp data/samples/* data/inbox/; fi
	@if [ -e $(DB) ]; then $(BIN)/minutes status --db $(DB); fi
	@$(BIN)/minutes watch data/inbox --db $(DB) & watcher=$$!; trap "kill $$watcher 2>/dev/null" EXIT; \
	$(BIN)/minutes serve --db $(DB) --host 127.0.0.1 --port 8001

test: install system-deps
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check minutes tests benchmarks
	$(BIN)/ruff format --check minutes tests benchmarks

format: install
	$(BIN)/ruff format minutes tests benchmarks
	$(BIN)/ruff check --fix minutes tests benchmarks

bench: install
	$(BIN)/python benchmarks/scale_bench.py
	$(BIN)/python benchmarks/ingest_bench.py
	$(BIN)/python benchmarks/inbox_bench.py
	$(BIN)/python benchmarks/site_bench.py

# Extraction scores against the shared corpus (see ../shared/corpus/GUIDE.md).
score: install
	$(BIN)/python $(SHARED)/tools/score.py --gold $(SHARED)/corpus/seeds/gold --docs $(SHARED)/corpus/seeds/docs --run "$(BIN)/minutes parse --out {out}"
	$(BIN)/python $(SHARED)/tools/score.py --gold $(SHARED)/corpus/dev/gold --docs $(SHARED)/corpus/dev/docs --run "$(BIN)/minutes parse --out {out}"

# Refit the weights of the scored rules (pipelines/weights/) on the dev gold; `cv` prints the
# leave-one-source-out table, the estimate for documents the project has never seen.
DEV := $(SHARED)/corpus/dev
CV_OUT ?= .cv-predictions

train: install
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -m minutes.train fit $(DEV)/gold $(DEV)/docs

cv: install
	$(BIN)/pip install --quiet -e '.[train]'
	rm -rf $(CV_OUT)
	$(BIN)/python -m minutes.train cv $(DEV)/gold $(DEV)/docs $(CV_OUT)
	$(BIN)/python $(SHARED)/tools/score.py --gold $(DEV)/gold --pred $(CV_OUT)
