#!/usr/bin/env bash
# The crossdock demo on embedded defaults: a local mosquitto with TLS, client certificates and the per-agent ACL;
# an agent that publishes its status and a batch of canonical events; the aggregator's view of what crossed.
# Everything lives in ./demo-state and on loopback; the broker and the agent are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE="$PWD/demo-state"
BIN="${CROSSDOCK_BIN:-$(swift build --show-bin-path)}"
AGENT="$BIN/crossdock-agent"
AGGREGATOR="$BIN/crossdock-aggregator"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

free_port() {
    local port
    for port in $(seq 18883 18983); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "no free port between 18883 and 18983" >&2
    exit 1
}

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

rm -rf "$STATE"
mkdir -p "$STATE"
chmod 755 "$STATE"
PORT="$(free_port)"

say "PKI: a CA, the broker's certificate, the aggregator's and one agent's (acme/dal1/agent-1)"
"$AGGREGATOR" pki init --dir "$STATE/pki"
"$AGGREGATOR" pki issue-aggregator --dir "$STATE/pki"
"$AGGREGATOR" pki issue-agent --dir "$STATE/pki" --tenant acme --site dal1 --agent agent-1
"$AGGREGATOR" pki broker-config --dir "$STATE/pki" --out "$STATE/broker" --port "$PORT"

say "Broker: mosquitto on 127.0.0.1:$PORT, TLS, client certificates required, ACL by certificate identity"
mosquitto -c "$STATE/broker/mosquitto.conf" >"$STATE/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

cat >"$STATE/agent.yaml" <<YAML
identity: {tenant: acme, site: dal1, agent: agent-1}
broker:
  host: 127.0.0.1
  port: $PORT
  tls:
    ca_file: $STATE/pki/ca.crt
    cert_file: $STATE/pki/clients/agent-acme.dal1.agent-1.crt
    key_file: $STATE/pki/clients/agent-acme.dal1.agent-1.key
outbox: {path: $STATE/agent-outbox.sqlite}
metrics: {listen: "127.0.0.1:0"}
YAML
cat >"$STATE/aggregator.yaml" <<YAML
broker:
  host: 127.0.0.1
  port: $PORT
  client_id: crossdock-aggregator-demo
  tls:
    ca_file: $STATE/pki/ca.crt
    cert_file: $STATE/pki/clients/aggregator-crossdock-aggregator.crt
    key_file: $STATE/pki/clients/aggregator-crossdock-aggregator.key
store: {path: $STATE/events.sqlite}
YAML

say "Configuration checks"
"$AGENT" check-config --config "$STATE/agent.yaml"
"$AGGREGATOR" check-config --config "$STATE/aggregator.yaml"

EVENTS=$(grep -c '"specversion"' docs/examples/batch.json)
LINES=$((EVENTS + 2))
say "Aggregator side: tail every agent's events and status (stops after $LINES lines: online, $EVENTS events, offline)"
"$AGGREGATOR" tail --config "$STATE/aggregator.yaml" --count "$LINES" --seconds 60 >"$STATE/tail.log" 2>&1 &
TAIL=$!
for _ in $(seq 1 100); do grep -q listening "$STATE/tail.log" && break; sleep 0.1; done

say "Agent: run (retained online status, last will offline), then send docs/examples/batch.json"
"$AGENT" run --config "$STATE/agent.yaml" --status-interval 3600 >"$STATE/agent.log" 2>&1 &
AGENT_PID=$!
pids+=("$AGENT_PID")
"$AGENT" send --config "$STATE/agent.yaml" docs/examples/batch.json

kill -TERM "$AGENT_PID"
AGENT_STATUS=0
wait "$AGENT_PID" || AGENT_STATUS=$?
wait "$TAIL" || true

say "What the aggregator saw"
cat "$STATE/tail.log"
say "Agent stopped by SIGTERM with exit status $AGENT_STATUS; its log:"
cat "$STATE/agent.log"
say "Done. Files are in $STATE (broker log: $STATE/broker.log)"
