#!/usr/bin/env bash
# Installs, upgrades, removes and purges the crossdock packages in a fresh Debian 12 root made by debootstrap, and
# checks each step: the dependencies resolve from Debian's archive, the service users, directories, units and
# configuration are right, `systemd-analyze verify` accepts the units, and the agent's outbox and the aggregator's
# event store survive upgrade, remove and purge. Exits non-zero at the first failed check. Needs root and the
# Debian mirror.
#
#   packaging/test-deb.sh BIN_DIR      BIN_DIR holds crossdock-agent and crossdock-aggregator (a debug build is fine:
#                                      the Swift runtime is bind-mounted read-only into the root to run them)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:?usage: packaging/test-deb.sh BIN_DIR}"
[ "$(id -u)" = 0 ] || { echo "test-deb: must run as root (it builds a root with debootstrap)"; exit 1; }
MIRROR="${CROSSDOCK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
WORK="$(mktemp -d /tmp/crossdock-deb-test.XXXXXX)"
ROOT="$WORK/root"
SWIFT_ROOT="$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")"
cleanup() {
    umount "$ROOT$SWIFT_ROOT" 2>/dev/null || true
    umount "$ROOT/proc" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

checks=0
check() { # check DESCRIPTION COMMAND...
    local description=$1; shift
    if "$@"; then checks=$((checks + 1)); echo "ok   $description"; else echo "FAIL $description"; exit 1; fi
}
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
marker() { sqlite3 "$ROOT$1" "SELECT value FROM marker" 2>/dev/null; }
export -f marker in_root
export ROOT

echo "== packages"
mkdir -p "$WORK/bin"
# Stripped copies: a debug build's symbols only make the packages slow to compress.
for program in crossdock-agent crossdock-aggregator; do strip -o "$WORK/bin/$program" "$BIN/$program"; done
for version in 0.0.1~test1 0.0.1~test2; do
    CROSSDOCK_BIN="$WORK/bin" CROSSDOCK_VERSION="$version" CROSSDOCK_DEB_ALLOW_UNPACKAGED=1 \
        CROSSDOCK_DEB_COMPRESSION=gzip packaging/build-deb.sh "$WORK/debs" >/dev/null
done
ARCH="$(dpkg --print-architecture)"
deb() { echo "/debs/$1_$2_$ARCH.deb"; }
check "package metadata names the runtime libraries" \
    bash -c "dpkg-deb -f '$WORK/debs/crossdock-agent_0.0.1~test1_$ARCH.deb' Depends | grep -q libmosquitto1"
check "the agent package's configuration is a conffile" \
    bash -c "dpkg-deb -e '$WORK/debs/crossdock-agent_0.0.1~test1_$ARCH.deb' '$WORK/control' && grep -qx /etc/crossdock/agent.yaml '$WORK/control/conffiles'"

echo "== a fresh Debian 12 root (debootstrap --variant=minbase bookworm)"
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; exit 1; }
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mkdir -p "$ROOT/debs" "$ROOT$SWIFT_ROOT"
cp "$WORK"/debs/*.deb "$ROOT/debs/"
mount -t proc proc "$ROOT/proc"
# A debug build loads the Swift runtime from the toolchain; a release package (make deb) links it statically.
mount --bind "$SWIFT_ROOT" "$ROOT$SWIFT_ROOT"
mount -o remount,bind,ro "$ROOT$SWIFT_ROOT"
check "the root has none of the runtime libraries yet" bash -c "! in_root dpkg-query -W libmosquitto1 >/dev/null 2>&1"

echo "== install 0.0.1~test1 (apt resolves the dependencies) next to systemd, as on a server"
in_root apt-get update -qq >/dev/null
in_root apt-get install -y -qq --no-install-recommends systemd "$(deb crossdock-agent 0.0.1~test1)" \
    "$(deb crossdock-aggregator 0.0.1~test1)" >"$WORK/install.log" 2>&1 || { tail -20 "$WORK/install.log"; exit 1; }
check "service users exist" bash -c "in_root getent passwd crossdock-agent >/dev/null && in_root getent passwd crossdock >/dev/null"
check "agent state directory belongs to crossdock-agent, mode 750" \
    bash -c "[ \"\$(in_root stat -c '%U %a' /var/lib/crossdock/agent)\" = 'crossdock-agent 750' ]"
check "aggregator state directory belongs to crossdock, mode 750" \
    bash -c "[ \"\$(in_root stat -c '%U %a' /var/lib/crossdock/aggregator)\" = 'crossdock 750' ]"
check "agent configuration is readable by its group only" \
    bash -c "[ \"\$(in_root stat -c '%G %a' /etc/crossdock/agent.yaml)\" = 'crossdock-agent 640' ]"
check "programs run in the new root with the libraries the packages pulled in" \
    bash -c "in_root /usr/bin/crossdock-agent --version >/dev/null && in_root /usr/bin/crossdock-aggregator --version >/dev/null"
check "the aggregator creates a certificate authority there (openssl came with the package)" \
    bash -c "in_root /usr/bin/crossdock-aggregator pki init --dir /tmp/pki >/dev/null && test -s \$ROOT/tmp/pki/crl.pem"
check "shipped configuration is read and its missing certificates named" \
    bash -c "! in_root /usr/bin/crossdock-agent check-config --config /etc/crossdock/agent.yaml > '$WORK/check.txt' 2>&1; grep -q 'ca.crt' '$WORK/check.txt'"
check "systemd units verify" \
    systemd-analyze verify --root="$ROOT" /lib/systemd/system/crossdock-agent.service \
        /lib/systemd/system/crossdock-aggregator.service
check "units are hardened" \
    bash -c "for u in agent aggregator; do f=\$ROOT/lib/systemd/system/crossdock-\$u.service; grep -q '^ProtectSystem=strict' \$f && grep -q '^NoNewPrivileges=yes' \$f && grep -q '^StateDirectory=crossdock/' \$f || exit 1; done"

# State a running system would have: an outbox with unsent events, an event store, an operator's edit.
sqlite3 "$ROOT/var/lib/crossdock/agent/outbox.sqlite" "CREATE TABLE marker (value TEXT); INSERT INTO marker VALUES ('unsent events')"
sqlite3 "$ROOT/var/lib/crossdock/aggregator/events.sqlite" "CREATE TABLE marker (value TEXT); INSERT INTO marker VALUES ('stored events')"
sed -i 's/^  tenant: CHANGE-ME .*/  tenant: acme/' "$ROOT/etc/crossdock/agent.yaml"

echo "== upgrade to 0.0.1~test2"
in_root dpkg -i --force-confold "$(deb crossdock-agent 0.0.1~test2)" "$(deb crossdock-aggregator 0.0.1~test2)" >/dev/null
check "upgrade installed the new version" bash -c "[ \"\$(in_root dpkg-query -W -f='\${Version}' crossdock-agent)\" = 0.0.1~test2 ]"
check "upgrade keeps the outbox" bash -c "[ \"\$(marker /var/lib/crossdock/agent/outbox.sqlite)\" = 'unsent events' ]"
check "upgrade keeps the event store" bash -c "[ \"\$(marker /var/lib/crossdock/aggregator/events.sqlite)\" = 'stored events' ]"
check "upgrade keeps the operator's configuration" grep -q '^  tenant: acme' "$ROOT/etc/crossdock/agent.yaml"

echo "== remove"
in_root dpkg -r crossdock-agent crossdock-aggregator >/dev/null
check "remove takes the programs away" bash -c "[ ! -e \$ROOT/usr/bin/crossdock-agent ] && [ ! -e \$ROOT/usr/bin/crossdock-aggregator ]"
check "remove keeps the outbox" bash -c "[ \"\$(marker /var/lib/crossdock/agent/outbox.sqlite)\" = 'unsent events' ]"
check "remove keeps the configuration" test -f "$ROOT/etc/crossdock/agent.yaml"

echo "== purge"
in_root dpkg -P crossdock-agent crossdock-aggregator >"$WORK/purge.txt"
check "purge deletes the configuration" test ! -e "$ROOT/etc/crossdock/agent.yaml"
check "purge still keeps the outbox, and says so" \
    bash -c "[ \"\$(marker /var/lib/crossdock/agent/outbox.sqlite)\" = 'unsent events' ] && grep -q 'kept /var/lib/crossdock/agent' '$WORK/purge.txt'"
check "purge keeps the event store" bash -c "[ \"\$(marker /var/lib/crossdock/aggregator/events.sqlite)\" = 'stored events' ]"

echo "packaging: $checks checks passed"
