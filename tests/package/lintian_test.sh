#!/bin/sh
# The Debian package (cmake/packaging.cmake) as a user gets it: cpack builds
# it from the build directory given as $1 (keytrail already built), lintian
# must report nothing (no error, warning or info tag), and the package holds
# the manual page, the documents with verify_export.py, the copyright file
# and the changelog, and a stripped binary. Takes well under a minute.
set -eu
build=$(cd "$1" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || {
  cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/keytrail_*.deb)
lintian --fail-on error,warning,info --display-info "$deb"
contents=$(dpkg-deb -c "$deb")
for file in ./usr/bin/keytrail ./usr/share/man/man1/keytrail.1.gz \
    ./usr/share/doc/keytrail/copyright \
    ./usr/share/doc/keytrail/changelog.Debian.gz \
    ./usr/share/doc/keytrail/README.md ./usr/share/doc/keytrail/api.md \
    ./usr/share/doc/keytrail/deploy.md ./usr/share/doc/keytrail/auditing.md \
    ./usr/share/doc/keytrail/verify_export.py; do
  echo "$contents" | grep -q " $file\$" || { echo "missing: $file"; exit 1; }
done
dpkg-deb -x "$deb" "$out/root"
file "$out/root/usr/bin/keytrail" | grep -q ", stripped" || {
  echo "the binary is not stripped"; exit 1; }
echo "OK: $(basename "$deb") is lintian clean"
