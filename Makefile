# Thin wrappers: every target calls the cross-platform `python3 tasks.py ...`.
PYTHON ?= python3

.PHONY: setup course test lab build check
setup:
	$(PYTHON) tasks.py setup
course:
	$(PYTHON) tasks.py course
test:
	$(PYTHON) tasks.py test
lab:
	$(PYTHON) tasks.py lab
build:
	$(PYTHON) tasks.py build
check:
	$(PYTHON) tasks.py build --check
