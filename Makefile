# Thin wrappers: every target calls the cross-platform `python3 tasks.py ...`.
# Extra arguments go through ARGS, e.g. `make lab ARGS="--port 8890 --no-browser"`.
PYTHON ?= python3
ARGS ?=

.PHONY: setup course test lab build check
setup:
	$(PYTHON) tasks.py setup
course:
	$(PYTHON) tasks.py course $(ARGS)
test:
	$(PYTHON) tasks.py test $(ARGS)
lab:
	$(PYTHON) tasks.py lab $(ARGS)
build:
	$(PYTHON) tasks.py build $(ARGS)
check:
	$(PYTHON) tasks.py build --check
