#!/usr/bin/env bash
# Builds crossdock-agent_VERSION_ARCH.deb and crossdock-aggregator_VERSION_ARCH.deb with dpkg-deb into OUT.
#
#   packaging/build-deb.sh [OUT]        release build, Swift runtime linked statically (runs without Swift)
#
# Environment: CROSSDOCK_BIN      use the executables in this directory instead of building them
#              CROSSDOCK_VERSION  package version (default: the programs' own --version)
#              CROSSDOCK_DEB_COMPRESSION   dpkg-deb compression (default xz; tests use gzip)
#              CROSSDOCK_DEB_ALLOW_UNPACKAGED=1  skip libraries no package provides (the Swift runtime of a debug
#                                 build), for packages that only install on a machine with Swift (tests)
# The runtime dependencies are read off the executables: every shared library they load must belong to a Debian
# package (libmosquitto1, libsqlite3-0, libssl3 …), which becomes a Depends entry.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT="${1:-$PWD/.build-deb}"
ARCH="$(dpkg --print-architecture)"
if [ -z "${CROSSDOCK_BIN:-}" ]; then
    swift build -c release --static-swift-stdlib --product crossdock-agent
    swift build -c release --static-swift-stdlib --product crossdock-aggregator
    CROSSDOCK_BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)"
fi
VERSION="${CROSSDOCK_VERSION:-$("$CROSSDOCK_BIN/crossdock-agent" --version)}"

# The Debian packages owning the shared libraries `binary` loads, as a Depends list.
depends_of() {
    local binary=$1 libraries package packages=()
    libraries=$(ldd "$binary" | awk '/=> \// { print $3 } /^\s*\/lib/ { print $1 }' | sort -u)
    for library in $libraries; do
        package=$(dpkg -S "$(readlink -f "$library")" 2>/dev/null | head -1 | cut -d: -f1) \
            || package=$(dpkg -S "$library" 2>/dev/null | head -1 | cut -d: -f1) || true
        if [ -z "$package" ] && [ "${CROSSDOCK_DEB_ALLOW_UNPACKAGED:-0}" = 1 ]; then
            echo "build-deb: warning: $library belongs to no package; not a dependency" >&2
            continue
        fi
        if [ -z "$package" ]; then
            echo "build-deb: $binary loads $library, which no Debian package provides;" \
                 "build with --static-swift-stdlib (unset CROSSDOCK_BIN)" >&2
            exit 1
        fi
        packages+=("$package")
    done
    printf '%s\n' "${packages[@]}" | sort -u | grep -v '^libc6$' | paste -sd, - | sed 's/,/, /g; s/^/libc6, /'
}

# build_package NAME EXTRA_DEPENDS DESCRIPTION FILES... — FILES are "source:destination[:mode]"; EXTRA_DEPENDS are
# packages the program runs or loads rather than links (openssl for `pki`, libpq5, which the agent loads when a
# PostgreSQL source or sink connects).
build_package() {
    local name=$1 extra=$2 description=$3; shift 3
    local root="$OUT/$name"
    rm -rf "$root"
    mkdir -p "$root/DEBIAN"
    for entry in "$@"; do
        IFS=: read -r source destination mode <<<"$entry"
        install -D -m "${mode:-0644}" "$source" "$root$destination"
    done
    install -m 0755 packaging/deb/"$name"/{postinst,prerm,postrm} "$root/DEBIAN/"
    (cd "$root" && find etc -type f 2>/dev/null | sed 's#^#/#') >"$root/DEBIAN/conffiles"
    local size
    size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    cat >"$root/DEBIAN/control" <<CONTROL
Package: $name
Version: $VERSION
Architecture: $ARCH
Maintainer: crossdock <crossdock@localhost>
Installed-Size: $size
Depends: $(depends_of "$root/usr/bin/$name"),${extra:+ $extra,} adduser | passwd
Section: net
Priority: optional
Description: $description
CONTROL
    dpkg-deb --build --root-owner-group -Z"${CROSSDOCK_DEB_COMPRESSION:-xz}" "$root" "$OUT/${name}_${VERSION}_${ARCH}.deb" >/dev/null
    echo "$OUT/${name}_${VERSION}_${ARCH}.deb"
}

mkdir -p "$OUT"
build_package crossdock-agent "libpq5" "crossdock edge agent
 Reads files, drop folders (EDI, CSV, JSON) and databases on a warehouse host, keeps canonical events in a
 local SQLite outbox and forwards them over MQTT/TLS to the crossdock aggregator; writes orders for the WMS." \
    "$CROSSDOCK_BIN/crossdock-agent:/usr/bin/crossdock-agent:0755" \
    "packaging/systemd/crossdock-agent.service:/lib/systemd/system/crossdock-agent.service" \
    "packaging/etc/agent.yaml:/etc/crossdock/agent.yaml:0640" \
    "README.md:/usr/share/doc/crossdock-agent/README.md" \
    "docs/agent-sources.md:/usr/share/doc/crossdock-agent/agent-sources.md" \
    "docs/agent-database-and-commands.md:/usr/share/doc/crossdock-agent/agent-database-and-commands.md" \
    "docs/edi.md:/usr/share/doc/crossdock-agent/edi.md"
build_package crossdock-aggregator "openssl" "crossdock aggregator
 Stores every event from the crossdock agents once, acknowledges it, and orchestrates the ERP, WMS, TMS and
 customer portal; ships the systemd unit of the crossdock broker (mosquitto with TLS and a per-agent ACL)." \
    "$CROSSDOCK_BIN/crossdock-aggregator:/usr/bin/crossdock-aggregator:0755" \
    "packaging/systemd/crossdock-aggregator.service:/lib/systemd/system/crossdock-aggregator.service" \
    "packaging/systemd/crossdock-broker.service:/lib/systemd/system/crossdock-broker.service" \
    "packaging/etc/aggregator.yaml:/etc/crossdock/aggregator.yaml:0640" \
    "README.md:/usr/share/doc/crossdock-aggregator/README.md" \
    "docs/aggregator-ingest.md:/usr/share/doc/crossdock-aggregator/aggregator-ingest.md"
