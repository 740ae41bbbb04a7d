# The two commands of the project (see README.md). ODOO_SRC may point at an Odoo 18.0 tree or archive.
PYTHON ?= python3

.PHONY: run test setup lint i18n screenshots load

run:
	$(PYTHON) -m workbench run

test:
	$(PYTHON) -m workbench test

setup:
	$(PYTHON) -m workbench setup

lint:
	$(PYTHON) -m workbench lint

i18n:
	$(PYTHON) -m workbench i18n

screenshots:
	$(PYTHON) -m workbench screenshots

# Locust against two Odoo workers, then the kill-worker fault run (see README, "Load and faults").
load:
	$(PYTHON) -m workbench load --with-faults
