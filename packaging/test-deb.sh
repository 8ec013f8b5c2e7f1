#!/usr/bin/env bash
# Installs, upgrades, removes and purges the crossdock packages on this machine (as root, on a throwaway host:
# CI) and checks that the service users, directories, units and configuration are right and that the agent's
# outbox and the aggregator's event store survive every step. Exits non-zero at the first failed check.
#
#   packaging/test-deb.sh BIN_DIR      BIN_DIR holds crossdock-agent and crossdock-aggregator (a debug build is fine)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:?usage: packaging/test-deb.sh BIN_DIR}"
WORK="$(mktemp -d /tmp/crossdock-deb-test.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
[ "$(id -u)" = 0 ] || { echo "test-deb: must run as root (it installs packages)"; exit 1; }

checks=0
check() { # check DESCRIPTION COMMAND...
    local description=$1; shift
    if "$@"; then checks=$((checks + 1)); echo "ok   $description"; else echo "FAIL $description"; exit 1; fi
}
marker() { sqlite3 "$1" "SELECT value FROM marker" 2>/dev/null; }
export -f marker

# Stripped copies: a debug build's symbols only make the packages slow to compress.
mkdir -p "$WORK/bin"
for program in crossdock-agent crossdock-aggregator; do strip -o "$WORK/bin/$program" "$BIN/$program"; done
build() { # build VERSION
    CROSSDOCK_BIN="$WORK/bin" CROSSDOCK_VERSION="$1" CROSSDOCK_DEB_ALLOW_UNPACKAGED=1 CROSSDOCK_DEB_COMPRESSION=gzip \
        packaging/build-deb.sh "$WORK/$1" >/dev/null
}
build 0.0.1~test1
build 0.0.1~test2
ARCH="$(dpkg --print-architecture)"
agent_deb() { echo "$WORK/$1/crossdock-agent_$1_$ARCH.deb"; }
aggregator_deb() { echo "$WORK/$1/crossdock-aggregator_$1_$ARCH.deb"; }

# Start from nothing (a previous run may have left state behind).
dpkg --purge crossdock-agent crossdock-aggregator >/dev/null 2>&1 || true
rm -rf /var/lib/crossdock/agent /var/lib/crossdock/aggregator /etc/crossdock

check "package metadata names the runtime libraries" \
    bash -c "dpkg-deb -f '$(agent_deb 0.0.1~test1)' Depends | grep -q libmosquitto1"
check "the agent package's configuration is a conffile" \
    bash -c "dpkg-deb -e '$(agent_deb 0.0.1~test1)' '$WORK/control' && grep -qx /etc/crossdock/agent.yaml '$WORK/control/conffiles'"

echo "== install 0.0.1~test1"
dpkg -i "$(agent_deb 0.0.1~test1)" "$(aggregator_deb 0.0.1~test1)" >/dev/null
check "service users exist" bash -c "getent passwd crossdock-agent >/dev/null && getent passwd crossdock >/dev/null"
check "agent state directory belongs to crossdock-agent, mode 750" \
    bash -c "[ \"\$(stat -c '%U %a' /var/lib/crossdock/agent)\" = 'crossdock-agent 750' ]"
check "aggregator state directory belongs to crossdock, mode 750" \
    bash -c "[ \"\$(stat -c '%U %a' /var/lib/crossdock/aggregator)\" = 'crossdock 750' ]"
check "agent configuration is readable by its group only" \
    bash -c "[ \"\$(stat -c '%G %a' /etc/crossdock/agent.yaml)\" = 'crossdock-agent 640' ]"
check "programs run from /usr/bin" bash -c "/usr/bin/crossdock-agent --version >/dev/null && /usr/bin/crossdock-aggregator --version >/dev/null"
check "shipped configuration is read and its missing certificates named" \
    bash -c "! /usr/bin/crossdock-agent check-config --config /etc/crossdock/agent.yaml > '$WORK/check.txt' 2>&1; grep -q 'ca.crt' '$WORK/check.txt'"
check "systemd units verify" \
    systemd-analyze verify /lib/systemd/system/crossdock-agent.service /lib/systemd/system/crossdock-aggregator.service
check "units are hardened" \
    bash -c "for u in agent aggregator; do grep -q '^ProtectSystem=strict' /lib/systemd/system/crossdock-\$u.service && grep -q '^NoNewPrivileges=yes' /lib/systemd/system/crossdock-\$u.service && grep -q '^StateDirectory=crossdock/' /lib/systemd/system/crossdock-\$u.service || exit 1; done"

# State a running system would have: an outbox with unsent events, an event store, an operator's edit.
sqlite3 /var/lib/crossdock/agent/outbox.sqlite "CREATE TABLE marker (value TEXT); INSERT INTO marker VALUES ('unsent events')"
sqlite3 /var/lib/crossdock/aggregator/events.sqlite "CREATE TABLE marker (value TEXT); INSERT INTO marker VALUES ('stored events')"
sed -i 's/^  tenant: CHANGE-ME .*/  tenant: acme/' /etc/crossdock/agent.yaml

echo "== upgrade to 0.0.1~test2"
dpkg -i --force-confold "$(agent_deb 0.0.1~test2)" "$(aggregator_deb 0.0.1~test2)" >/dev/null
check "upgrade installed the new version" bash -c "[ \"\$(dpkg-query -W -f='\${Version}' crossdock-agent)\" = 0.0.1~test2 ]"
check "upgrade keeps the outbox" bash -c "[ \"\$(marker /var/lib/crossdock/agent/outbox.sqlite)\" = 'unsent events' ]"
check "upgrade keeps the event store" bash -c "[ \"\$(marker /var/lib/crossdock/aggregator/events.sqlite)\" = 'stored events' ]"
check "upgrade keeps the operator's configuration" grep -q '^  tenant: acme' /etc/crossdock/agent.yaml

echo "== remove"
dpkg -r crossdock-agent crossdock-aggregator >/dev/null
check "remove takes the programs away" bash -c "[ ! -e /usr/bin/crossdock-agent ] && [ ! -e /usr/bin/crossdock-aggregator ]"
check "remove keeps the outbox" bash -c "[ \"\$(marker /var/lib/crossdock/agent/outbox.sqlite)\" = 'unsent events' ]"
check "remove keeps the configuration" test -f /etc/crossdock/agent.yaml

echo "== purge"
dpkg -P crossdock-agent crossdock-aggregator >"$WORK/purge.txt"
check "purge deletes the configuration" test ! -e /etc/crossdock/agent.yaml
check "purge still keeps the outbox, and says so" \
    bash -c "[ \"\$(marker /var/lib/crossdock/agent/outbox.sqlite)\" = 'unsent events' ] && grep -q 'kept /var/lib/crossdock/agent' '$WORK/purge.txt'"
check "purge keeps the event store" bash -c "[ \"\$(marker /var/lib/crossdock/aggregator/events.sqlite)\" = 'stored events' ]"

rm -rf /var/lib/crossdock/agent /var/lib/crossdock/aggregator
userdel crossdock-agent 2>/dev/null || true
userdel crossdock 2>/dev/null || true
echo "packaging: $checks checks passed"
