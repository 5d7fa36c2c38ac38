# Skiff: build, test, run and install. `make run` and `make test` are the two commands a newcomer needs.
SWIFT ?= swift
# The server and executables are part of the package only with SKIFF_FULL=1 (see Package.swift).
export SKIFF_FULL := 1
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
STATE ?= $(CURDIR)/.skiff
CONFIG ?=

.PHONY: build test run install clean

build:
	$(SWIFT) build

test:
	$(SWIFT) test

run: build
	mkdir -p $(STATE)
	$(SWIFT) run skiffd --manifests $(CURDIR)/manifests/examples --state-dir $(STATE) --socket $(STATE)/skiffd.sock $(if $(CONFIG),--config $(CONFIG))

clean:
	rm -rf .build
