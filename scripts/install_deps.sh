#!/bin/sh
# Installs the Debian packages spillover builds with, if any is missing. Idempotent, no prompts,
# safe with no terminal (CI=true). Needs root for apt-get; with everything present it needs nothing.
#
# Optional argument: `fuzz` adds what `make fuzz` needs on top (fuzz/README.md): clang 14 with
# libFuzzer and the sanitizer runtimes (libclang-rt-14-dev), and llvm-14 for llvm-symbolizer, which
# turns the addresses of a crash's stack into files and lines. The normal build never needs them.
set -eu

# libopenblas0-pthread: an optimised BLAS and LAPACK for CHOLMOD's supernodal factorisation and the
# dense eigenvalues (Debian's default libblas3 and liblapack3 are the reference implementations).
# liblapack-dev: the LAPACK to link against (liblapack.so.3, resolved at run time to OpenBLAS's).
# libcairo2-dev: the figures (SVG, PDF, PNG); libxml2-dev: the tests parse the SVG they write.
# libtomlplusplus-dev: the study files of `spillover workflow` (TOML).
PACKAGES="cmake make g++ pkgconf
libeigen3-dev libspectra-dev libboost-dev libboost-graph-dev
doctest-dev libcli11-dev nlohmann-json3-dev libfmt-dev libfast-float-dev libreadstat-dev
libbenchmark-dev libgdal-dev libnanoflann-dev
libsuitesparse-dev libopenblas0-pthread liblapack-dev libcairo2-dev libxml2-dev libtomlplusplus-dev"

case "${1:-}" in
    "") ;;
    fuzz) PACKAGES="$PACKAGES clang clang-14 libclang-rt-14-dev llvm-14" ;;
    *) echo "install_deps: unknown argument '$1' (none, or fuzz)" >&2; exit 2 ;;
esac

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "install_deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "install_deps: these Debian packages are missing and installing them needs root:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when needed: a fresh machine has none, or stale ones.
apt-get update -q </dev/null
apt-get install -y -q --no-install-recommends $missing </dev/null
