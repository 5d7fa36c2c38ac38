# Skiff: build, test, run and install. `make run` and `make test` are the two commands a newcomer needs.
SWIFT ?= swift
# The server and executables are part of the package only with SKIFF_FULL=1 (see Package.swift).
export SKIFF_FULL := 1
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
STATE ?= $(CURDIR)/.skiff
CONFIG ?=

SYSCONFDIR ?= /etc
RELEASE_BIN = .build/release

.PHONY: build test run install clean

build:
	$(SWIFT) build

test:
	$(SWIFT) test

run: build
	mkdir -p $(STATE)
	$(SWIFT) run skiffd --manifests $(CURDIR)/manifests/examples --state-dir $(STATE) --socket $(STATE)/skiffd.sock $(if $(CONFIG),--config $(CONFIG))

# Installs release binaries and the default configuration (kept if one is already there). Honours DESTDIR.
install:
	$(SWIFT) build -c release --product skiffd
	$(SWIFT) build -c release --product skiffctl
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SYSCONFDIR)/skiff $(DESTDIR)$(SYSCONFDIR)/skiff/manifests
	install -m 0755 $(RELEASE_BIN)/skiffd $(RELEASE_BIN)/skiffctl $(DESTDIR)$(BINDIR)/
	test -e $(DESTDIR)$(SYSCONFDIR)/skiff/skiffd.yaml || install -m 0644 config/skiffd.yaml $(DESTDIR)$(SYSCONFDIR)/skiff/skiffd.yaml

clean:
	rm -rf .build
