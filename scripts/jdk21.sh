#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Provides a verified JDK 21 and prints its JAVA_HOME on stdout (diagnostics go to stderr).
#
#   export JAVA_HOME="$(scripts/jdk21.sh)"
#
# Order of preference:
#   1. $JAVA_HOME, if it is a JDK 21;
#   2. a JDK 21 installed under /usr/lib/jvm;
#   3. the cache under <project>/.build/jdk21 (or $QKD_JDK_CACHE), filled on first use from Debian 13 (trixie):
#      openjdk-21-jdk-headless plus the glibc, libstdc++, libgcc and zlib it was built against. The InRelease
#      file is checked with gpgv against the host's Debian archive keyring, Packages.xz against InRelease, and
#      every .deb against Packages.xz (SHA256). The binaries are then relinked (patchelf, itself from trixie)
#      to the bundled loader and libraries, so they never mix with the host's older glibc.
set -euo pipefail

MIRROR="${QKD_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE="${QKD_DEBIAN_SUITE:-trixie}"
KEYRING="${QKD_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}"
PACKAGES=(openjdk-21-jre-headless openjdk-21-jdk-headless libc6 libgcc-s1 libstdc++6 zlib1g patchelf)

die() { echo "jdk21.sh: error: $*" >&2; exit 1; }
log() { echo "jdk21.sh: $*" >&2; }

is_jdk21() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    # JAVA_TOOL_OPTIONS, when set, makes the JVM print a "Picked up" line before its version.
    "$1/bin/java" -version 2>&1 | grep -Eq '^[a-zA-Z]+ version "21[."]'
}

if [ -n "${JAVA_HOME:-}" ] && is_jdk21 "$JAVA_HOME"; then
    echo "$JAVA_HOME"; exit 0
fi
for candidate in /usr/lib/jvm/*21*; do
    if [ -d "$candidate" ] && is_jdk21 "$candidate"; then
        echo "$candidate"; exit 0
    fi
done

project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${QKD_JDK_CACHE:-$project_dir/.build/jdk21}"
root="$cache/root"
java_home="$root/usr/lib/jvm/java-21-openjdk-amd64"

if [ -f "$cache/.complete" ] && is_jdk21 "$java_home"; then
    echo "$java_home"; exit 0
fi

[ "$(uname -m)" = x86_64 ] || die "only x86_64 is supported by the Debian route; set JAVA_HOME to a JDK 21"
for tool in curl xz gpgv dpkg-deb sha256sum awk; do
    command -v "$tool" >/dev/null || die "'$tool' is required to obtain JDK 21 (or set JAVA_HOME to a JDK 21)"
done
[ -r "$KEYRING" ] || die "Debian archive keyring $KEYRING not found (apt-get install debian-archive-keyring)"

log "no JDK 21 found; fetching openjdk-21 from Debian $SUITE into $cache"
rm -rf "$cache"
mkdir -p "$cache/debs" "$root"
work="$cache/debs"

fetch() { curl -fsSL --retry 3 --connect-timeout 20 --max-time 600 -o "$2" "$1" || die "download failed: $1"; }

fetch "$MIRROR/dists/$SUITE/InRelease" "$work/InRelease"
gpgv --keyring "$KEYRING" "$work/InRelease" 2>"$work/gpgv.log" \
    || die "signature check of $SUITE InRelease failed: $(cat "$work/gpgv.log")"

index_sha="$(awk '/^SHA256:/{s=1; next} /^[^ ]/{s=0} s && $3=="main/binary-amd64/Packages.xz"{print $1}' "$work/InRelease")"
[ -n "$index_sha" ] || die "InRelease of $SUITE lists no main/binary-amd64/Packages.xz"
fetch "$MIRROR/dists/$SUITE/main/binary-amd64/Packages.xz" "$work/Packages.xz"
echo "$index_sha  $work/Packages.xz" | sha256sum -c --quiet - >&2 || die "Packages.xz does not match InRelease"
xz -dc "$work/Packages.xz" > "$work/Packages"

for pkg in "${PACKAGES[@]}"; do
    # One record per paragraph: print "filename sha256 version" of the package.
    read -r filename sha version < <(awk -v p="$pkg" 'BEGIN{RS=""; FS="\n"}
        { n=""; f=""; s=""; v="";
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^Package: /) n = substr($i, 10);
            else if ($i ~ /^Filename: /) f = substr($i, 11);
            else if ($i ~ /^SHA256: /) s = substr($i, 9);
            else if ($i ~ /^Version: /) v = substr($i, 10) }
          if (n == p) { print f, s, v; exit } }' "$work/Packages") || true
    [ -n "${filename:-}" ] || die "package $pkg not found in $SUITE"
    deb="$work/$(basename "$filename")"
    fetch "$MIRROR/$filename" "$deb"
    echo "$sha  $deb" | sha256sum -c --quiet - >&2 || die "checksum mismatch for $pkg"
    dpkg-deb -x "$deb" "$root"
    echo "$pkg $version" >> "$cache/versions.txt"
done

loader="$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
[ -e "$loader" ] || loader="$root/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
[ -e "$loader" ] || die "bundled dynamic loader not found"
libdirs="$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu"

# Debian's JDK points at /etc/java-21-openjdk and /etc/ssl with absolute links: re-anchor those inside the cache.
while IFS= read -r link; do
    target="$(readlink "$link")"
    case "$target" in
        /*) if [ -e "$root$target" ] || [ -L "$root$target" ]; then ln -sfn "$root$target" "$link"; fi ;;
    esac
done < <(find "$root" -type l)

cacerts="$java_home/lib/security/cacerts"
rm -f "$cacerts"
if [ -s /etc/ssl/certs/java/cacerts ]; then
    cp /etc/ssl/certs/java/cacerts "$cacerts"
else
    for other in /usr/lib/jvm/*/lib/security/cacerts; do
        if [ -s "$other" ]; then cp -L "$other" "$cacerts"; break; fi
    done
fi
[ -s "$cacerts" ] || die "no CA certificate store found on this host to give JDK 21 (install ca-certificates-java)"

patchelf_run() { "$loader" --library-path "$libdirs" "$root/usr/bin/patchelf" "$@"; }
rpath="$libdirs"
while IFS= read -r elf; do
    if [ "$(head -c 4 "$elf" | od -An -c | tr -d ' ')" != '177ELF' ]; then continue; fi
    if patchelf_run --print-interpreter "$elf" >/dev/null 2>&1; then
        patchelf_run --set-interpreter "$loader" "$elf"
    fi
    old="$(patchelf_run --print-rpath "$elf" 2>/dev/null || true)"
    patchelf_run --force-rpath --set-rpath "${old:+$old:}$rpath" "$elf"
done < <(find "$root/usr/lib/jvm" -type f \( -name '*.so' -o -perm -u+x \))

is_jdk21 "$java_home" || die "the unpacked JDK does not run: $("$java_home/bin/java" -version 2>&1 | head -n 3)"
rm -rf "$work"
touch "$cache/.complete"
log "$(grep -m 1 " version " < <("$java_home/bin/java" -version 2>&1)) ready in $java_home"
echo "$java_home"
