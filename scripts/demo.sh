#!/usr/bin/env bash
# The crossdock demo on embedded defaults: a local mosquitto with TLS, client certificates and the per-agent ACL;
# the aggregator on a SQLite store with its HTTP API; an agent on sample data. A sales order released by the ERP
# becomes a 940 for the WMS; the WMS's 945 comes back as a shipment; the portal API, the admin API and `trace`
# show what flowed.
# Everything lives in ./demo-state and on loopback; the broker and the agent are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE="$PWD/demo-state"
BIN="${CROSSDOCK_BIN:-$(swift build --show-bin-path)}"
AGENT="$BIN/crossdock-agent"
AGGREGATOR="$BIN/crossdock-aggregator"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

free_port() {
    local port first=${1:-18883}
    for port in $(seq "$first" $((first + 100))); do
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

HTTP_PORT="$(free_port 18480)"
OPERATOR_KEY="demo-operator-key-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
ERP_KEY="demo-erp-key-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$STATE/wms-in" "$STATE/wms-out" "$STATE/agent"

cat >"$STATE/agent.yaml" <<YAML
identity: {tenant: acme, site: dal1, agent: agent-1}
broker:
  host: 127.0.0.1
  port: $PORT
  tls:
    ca_file: $STATE/pki/ca.crt
    cert_file: $STATE/pki/clients/agent-acme.dal1.agent-1.crt
    key_file: $STATE/pki/clients/agent-acme.dal1.agent-1.key
outbox: {path: $STATE/agent/outbox.sqlite}
metrics: {listen: "127.0.0.1:0"}
forwarder: {linger: 50ms}
sources:
  - {name: wms-edi, type: folder, inbox: $STATE/wms-out, archive: $STATE/agent/archive, error: $STATE/agent/error,
     format: edi, stable_for: 200ms}
commands:
  sinks:
    - {name: wms-inbound, command: com.crossdock.order.released.v1, type: folder, path: $STATE/wms-in, format: x12-940,
       x12: {sender_id: CROSSDOCK, receiver_id: WMSDAL1, control_numbers: $STATE/agent/x12-numbers}}
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
http: {listen: "127.0.0.1:$HTTP_PORT"}
api_keys:
  - {name: demo-operator, tenant: acme, role: operator, key_sha256: $(printf %s "$OPERATOR_KEY" | sha256sum | cut -d' ' -f1)}
  - {name: demo-erp, tenant: acme, role: ingest, origin: erp, key_sha256: $(printf %s "$ERP_KEY" | sha256sum | cut -d' ' -f1)}
dashboard:
  branding: {name: Northwind Logistics, primary_color: "#0f766e"}
connectors:
  wms: {kind: agent_command, agent: agent-1}
routes:
  - {name: release-to-wms, match: {type: com.crossdock.order.released.v1}, destination: wms, action: order.release}
jobs: {poll_interval: 100ms}
order_to_cash: {poll_interval: 200ms}
YAML

say "Configuration checks"
"$AGENT" check-config --config "$STATE/agent.yaml"
"$AGGREGATOR" check-config --config "$STATE/aggregator.yaml"

say "Aggregator: ingest, routes and jobs, order-to-cash, HTTP API on 127.0.0.1:$HTTP_PORT (SQLite store)"
"$AGGREGATOR" run --config "$STATE/aggregator.yaml" >"$STATE/aggregator.log" 2>&1 &
AGGREGATOR_PID=$!
pids+=("$AGGREGATOR_PID")
for _ in $(seq 1 300); do grep -q "HTTP API listening" "$STATE/aggregator.log" && grep -q "ingest subscribed" "$STATE/aggregator.log" && break; sleep 0.1; done

say "Agent: run (retained online status, last will offline), folder source on $STATE/wms-out, 940 sink into $STATE/wms-in"
"$AGENT" run --config "$STATE/agent.yaml" --status-interval 3600 >"$STATE/agent.log" 2>&1 &
AGENT_PID=$!
pids+=("$AGENT_PID")
for _ in $(seq 1 300); do grep -q "serving /metrics" "$STATE/agent.log" && break; sleep 0.1; done

api() { curl -fsS -H "Authorization: Bearer $1" "${@:2}"; }

say "1. The ERP releases sales order SO-1001 (POST /v1/events) → route → command → 940 for the WMS"
api "$ERP_KEY" -H 'Content-Type: application/cloudevents+json' --data-binary @docs/examples/order-released.json \
    "http://127.0.0.1:$HTTP_PORT/v1/events"
echo
for _ in $(seq 1 300); do ls "$STATE/wms-in"/*.edi >/dev/null 2>&1 && break; sleep 0.1; done
for file in "$STATE/wms-in"/*; do echo "--- $file"; tr -d "\n" <"$file" | tr "~" "\n"; done

say "2. The WMS ships it and drops a 945 → shipment.confirmed (one case short, backordered)"
cat >"$STATE/.945.part" <<'EDI'
ISA*00*          *00*          *ZZ*WMSDAL1        *ZZ*CROSSDOCK      *261127*1200*U*00401*000000501*0*P*>~
GS*SW*WMSDAL1*CROSSDOCK*20261127*1200*501*X*004010~
ST*945*0001~
W06*N*SO-1001*20261127*SH-1001-1~
N1*SF*DALLAS DC*91*DAL1~
W27*M*UPSN~
LX*1~
W12*CC*12*11*1*CA**SK*WID-100~
LX*2~
W12*CC*2.5*2.5**KG**SK*BOLT-M8~
W03*13.5~
SE*10*0001~
GE*1*501~
IEA*1*000000501~
EDI
mv "$STATE/.945.part" "$STATE/wms-out/945-SO-1001.edi"

say "3. Events from the agent's outbox: docs/examples/batch.json (send, for diagnostics)"
"$AGENT" send --config "$STATE/agent.yaml" docs/examples/batch.json

for _ in $(seq 1 100); do
    api "$OPERATOR_KEY" "http://127.0.0.1:$HTTP_PORT/v1/portal/orders/SO-1001" 2>/dev/null | grep -q '"shipments":\[{' && break
    sleep 0.2
done
say "Portal API: GET /v1/portal/orders/SO-1001"
api "$OPERATOR_KEY" "http://127.0.0.1:$HTTP_PORT/v1/portal/orders/SO-1001"
echo
say "Admin API: GET /v1/admin/flow (counts per event type and connector)"
api "$OPERATOR_KEY" "http://127.0.0.1:$HTTP_PORT/v1/admin/flow"
echo
say "crossdock-aggregator trace SO-1001"
"$AGGREGATOR" trace --config "$STATE/aggregator.yaml" SO-1001 || true
say "crossdock-agent status"
"$AGENT" status --config "$STATE/agent.yaml" || true

kill -TERM "$AGENT_PID"
AGENT_STATUS=0
wait "$AGENT_PID" || AGENT_STATUS=$?
kill -TERM "$AGGREGATOR_PID"
AGGREGATOR_STATUS=0
wait "$AGGREGATOR_PID" || AGGREGATOR_STATUS=$?
say "Stopped by SIGTERM: agent exit status $AGENT_STATUS, aggregator exit status $AGGREGATOR_STATUS"
say "Done. Files are in $STATE (logs: aggregator.log, agent.log, broker.log). To look around, run the aggregator again:"
echo "  $AGGREGATOR run --config $STATE/aggregator.yaml   # and mosquitto -c $STATE/broker/mosquitto.conf"
echo "  then open http://127.0.0.1:$HTTP_PORT/dashboard and log in with the operator key: $OPERATOR_KEY"
[ "$AGENT_STATUS" = 0 ] && [ "$AGGREGATOR_STATUS" = 0 ]
