# Skiff: build, test, run and install. `make run` and `make test` are the two commands a newcomer needs.
SWIFT ?= swift
# The server and executables are part of the package only with SKIFF_FULL=1 (see Package.swift).
export SKIFF_FULL := 1
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
STATE ?= $(CURDIR)/.skiff
CONFIG ?=

SYSCONFDIR ?= /etc
DATADIR ?= $(PREFIX)/share
# systemd reads units from /usr/local/lib/systemd/system as well as /etc/systemd/system.
UNITDIR ?= $(PREFIX)/lib/systemd/system
RELEASE_BIN = .build/release

.PHONY: build test run install verify-unit fuzz bench clean

build:
	$(SWIFT) build

test:
	$(SWIFT) test

run: build
	mkdir -p $(STATE)
	$(SWIFT) run skiffd --manifests $(CURDIR)/manifests/examples --state-dir $(STATE) --socket $(STATE)/skiffd.sock $(if $(CONFIG),--config $(CONFIG))

# Installs release binaries, the systemd unit (its ExecStart pointed at BINDIR), the default configuration (kept
# if one is already there), an empty manifests folder and the example manifests (in DATADIR/skiff/examples, not
# in the watched folder). Honours PREFIX and DESTDIR. Then: systemctl daemon-reload && systemctl enable --now skiffd
install:
	$(SWIFT) build -c release --product skiffd
	$(SWIFT) build -c release --product skiffctl
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SYSCONFDIR)/skiff $(DESTDIR)$(SYSCONFDIR)/skiff/manifests
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR)/skiff
	install -m 0755 $(RELEASE_BIN)/skiffd $(RELEASE_BIN)/skiffctl $(DESTDIR)$(BINDIR)/
	sed 's#/usr/local/bin/skiffd#$(BINDIR)/skiffd#' config/skiffd.service > $(DESTDIR)$(UNITDIR)/skiffd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/skiffd.service
	test -e $(DESTDIR)$(SYSCONFDIR)/skiff/skiffd.yaml || install -m 0644 config/skiffd.yaml $(DESTDIR)$(SYSCONFDIR)/skiff/skiffd.yaml
	rm -rf $(DESTDIR)$(DATADIR)/skiff/examples
	cp -R manifests/examples $(DESTDIR)$(DATADIR)/skiff/examples
	chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/skiff/examples

# Every skiff-bench scenario at full scale, built in release mode; one JSON line per figure, next to a floor
# measured in the same run. BENCH_ARGS picks scenarios (--scenario schedule) or a scale (--scale smoke).
BENCH_ARGS ?=
bench:
	$(SWIFT) build -c release --product skiffd
	$(SWIFT) build -c release --product skiff-bench
	$(RELEASE_BIN)/skiff-bench --fixtures ../shared/fixtures/azureml $(BENCH_ARGS)

# `systemd-analyze verify` on the unit, with ExecStart pointed at the built skiffd (verify checks that it is
# executable). A misspelt key only warns with exit status 0, so any output at all fails. Skipped (with a note)
# where systemd-analyze is missing.
SKIFFD_BIN ?= $(CURDIR)/.build/debug/skiffd
verify-unit:
	@if ! command -v systemd-analyze >/dev/null; then echo "verify-unit: systemd-analyze not found, not checked"; exit 0; fi; \
	dir=$$(mktemp -d); \
	sed 's#/usr/local/bin/skiffd#$(SKIFFD_BIN)#' config/skiffd.service > $$dir/skiffd.service; \
	out=$$(systemd-analyze verify $$dir/skiffd.service 2>&1); rc=$$?; rm -rf $$dir; \
	if [ $$rc -ne 0 ] || [ -n "$$out" ]; then echo "systemd-analyze verify config/skiffd.service (rc $$rc):"; echo "$$out"; exit 1; fi; \
	echo "verify-unit: config/skiffd.service is clean"

# libFuzzer on the YAML parser and manifest decoder for FUZZ_SECONDS, seeded with the example manifests and the
# Azure ML fixtures (../shared/fixtures/azureml when present). Its own build folder: every module is instrumented.
# A crash leaves .build-fuzz/crash-* (the input) and fails; make it a regression test.
FUZZ_SECONDS ?= 60
# FUZZ_RUNS (a count instead of a time) with a fixed FUZZ_SEED and deterministic hashing makes a run reproducible,
# which CI wants; FUZZ_SEED=0 lets libFuzzer pick a seed (explore with `make fuzz FUZZ_SECONDS=600 FUZZ_SEED=0`).
FUZZ_RUNS ?=
FUZZ_SEED ?= 0
FUZZ_FIXTURES ?= ../shared/fixtures/azureml
FUZZ_SEEDS = manifests/examples $(wildcard $(FUZZ_FIXTURES))
fuzz:
	SKIFF_FULL=0 SKIFF_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --sanitize=fuzzer --product fuzz-manifests
	mkdir -p .build-fuzz/corpus
	SWIFT_DETERMINISTIC_HASHING=1 SWIFT_BACKTRACE=enable=no .build-fuzz/debug/fuzz-manifests \
		$(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS)) -seed=$(FUZZ_SEED) -rss_limit_mb=4096 \
		-timeout=10 -print_final_stats=1 -artifact_prefix=.build-fuzz/ .build-fuzz/corpus $(FUZZ_SEEDS)

clean:
	rm -rf .build
