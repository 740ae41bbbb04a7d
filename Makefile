# The two commands of the project (see README.md). ODOO_SRC may point at an Odoo 18.0 tree or archive.
PYTHON ?= python3

.PHONY: run test setup lint i18n screenshots load odoo-tests benchmarks

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

# Locust against two Odoo workers, then the kill-worker fault run (see README, "Load and faults");
# then the same users through HAProxy to two servers reading on a replica, one killed (README, "Scale-out").
load:
	$(PYTHON) -m workbench load --with-faults
	$(PYTHON) -m workbench load --cluster

odoo-tests:
	$(PYTHON) -m workbench odoo-tests

benchmarks:
	$(PYTHON) -m workbench benchmarks
