# crossdock — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := mosquitto mosquitto-clients nats-server curl libmosquitto-dev libsqlite3-dev sqlite3 libssl-dev openssl pkg-config libpq-dev postgresql tryton-server tryton-modules-sale tryton-proteus chromium
BUILD_FLAGS ?=

.PHONY: deb test-packaging deps build release test chaos chaos-postgresql demo bench bench-mqtt bench-ingest bench-edi bench-codec bench-agent clean

## Install the system packages crossdock builds and runs with (Debian 12, as root).
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# The OpenAPI tests validate the spec and real responses with these Python packages.
	@python3 -c "import jsonschema, openapi_spec_validator, yaml" 2>/dev/null || \
	  python3 -m pip install -q jsonschema openapi-spec-validator pyyaml

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)

## Run every test against real brokers and real SQLite files.
test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	@# A hung test fails the run with a message instead of holding it until an outer limit.
	timeout --kill-after=30s 40m $(SWIFT) test --skip-build $(BUILD_FLAGS)

## Whole-system fault injection (about 10 minutes): agents, aggregator and broker killed and restarted, a network
## outage that fills the agents' outbox quota, a failing destination; counts lost and duplicated records.
chaos: deps
	$(SWIFT) build --product crossdock-agent $(BUILD_FLAGS)
	$(SWIFT) build --product crossdock-aggregator $(BUILD_FLAGS)
	$(SWIFT) build --product crossdock-chaos $(BUILD_FLAGS)
	timeout --kill-after=30s 15m $$($(SWIFT) build --show-bin-path $(BUILD_FLAGS))/crossdock-chaos --full $(CHAOS_FLAGS)

## The full fault-injection run against two aggregator instances sharing a throwaway PostgreSQL (docs/chaos.md).
chaos-postgresql: deps
	$(SWIFT) build --product crossdock-agent $(BUILD_FLAGS)
	$(SWIFT) build --product crossdock-aggregator $(BUILD_FLAGS)
	$(SWIFT) build --product crossdock-chaos $(BUILD_FLAGS)
	timeout --kill-after=30s 15m $$($(SWIFT) build --show-bin-path $(BUILD_FLAGS))/crossdock-chaos --full --store postgresql --aggregators 2 $(CHAOS_FLAGS)

## QoS 1 throughput of the crossdock MQTT client vs mosquitto_pub on the same TLS broker.
bench-mqtt: deps
	$(SWIFT) build -c release --product crossdock-bench $(BUILD_FLAGS)
	$$($(SWIFT) build -c release --show-bin-path)/crossdock-bench mqtt

## Aggregator ingest events/s (dedup + SQLite + ack) with 1 and 4 agents vs the broker alone, same TLS broker.
bench-ingest: deps
	$(SWIFT) build -c release --product crossdock-bench $(BUILD_FLAGS)
	$$($(SWIFT) build -c release --show-bin-path)/crossdock-bench ingest

## Wire codec events/s and MB/s (parse, envelope decode, typed validation, encode) vs Foundation's JSON coders.
bench-codec: deps
	$(SWIFT) build -c release --product crossdock-bench $(BUILD_FLAGS)
	$$($(SWIFT) build -c release --show-bin-path)/crossdock-bench codec

## Agent capture → outbox and outbox → broker events/s, 1 M drain time and RSS, vs raw SQLite and mosquitto_pub.
bench-agent: deps
	$(SWIFT) build -c release --product crossdock-agent $(BUILD_FLAGS)
	$(SWIFT) build -c release --product crossdock-bench $(BUILD_FLAGS)
	$$($(SWIFT) build -c release --show-bin-path $(BUILD_FLAGS))/crossdock-bench agent

## End to end with the real programs: events/s, latency at 1,000 events/s, 1 M backlog drain, peak RSS; vs
## mosquitto_pub and raw SQLite. Results as a table and as JSON (bench-e2e.json next to the binaries).
bench: deps
	$(SWIFT) build -c release --product crossdock-agent $(BUILD_FLAGS)
	$(SWIFT) build -c release --product crossdock-aggregator $(BUILD_FLAGS)
	$(SWIFT) build -c release --product crossdock-bench $(BUILD_FLAGS)
	bin="$$($(SWIFT) build -c release --show-bin-path $(BUILD_FLAGS))" && "$$bin/crossdock-bench" e2e --json "$$bin/bench-e2e.json"

## EDI parse (and parse + map) MB/s and peak RSS on generated 10 MB and 100 MB X12 files.
bench-edi: deps
	$(SWIFT) build -c release --product crossdock-edi-bench $(BUILD_FLAGS)
	$$($(SWIFT) build -c release --show-bin-path)/crossdock-edi-bench
	$$($(SWIFT) build -c release --show-bin-path)/crossdock-edi-bench --map

## Debian packages crossdock-agent and crossdock-aggregator (release build, static Swift runtime) in .build-deb/.
deb: deps
	packaging/build-deb.sh

## Install, upgrade, remove and purge the packages in a fresh Debian root (debootstrap; as root) and check each step.
test-packaging: deps
	@command -v systemd-analyze >/dev/null && command -v strip >/dev/null && command -v debootstrap >/dev/null || \
	  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends systemd binutils debootstrap)
	$(SWIFT) build --product crossdock-agent $(BUILD_FLAGS)
	$(SWIFT) build --product crossdock-aggregator $(BUILD_FLAGS)
	packaging/test-deb.sh "$$($(SWIFT) build --show-bin-path $(BUILD_FLAGS))"

clean:
	rm -rf .build .build-deb demo-state

## The demo on embedded defaults: TLS broker, agent and aggregator on loopback.
demo: build
	bash scripts/demo.sh
