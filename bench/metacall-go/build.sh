#!/usr/bin/env bash
# `make metacall`: MetaCall core from the vendored source (Python loader only) and the Go + MetaCall program against
# it, all under build/metacall/ (git-ignored). Each step is skipped when its output is there for the same inputs.
#
#   bench/metacall-go/build.sh          (from the repository root; make metacall runs it)
#
# Environment: SHARED (default ../shared), PYTHON (default .venv/bin/python: the CPython MetaCall embeds, a shared
# libpython that imports torch and transformers), METACALL_DEBS (the Debian packages needed; default below).
set -euo pipefail
cd "$(dirname "$0")/../.."

SHARED="${SHARED:-../shared}"
PYTHON="${PYTHON:-.venv/bin/python}"
METACALL_DEBS="${METACALL_DEBS:-golang-go cmake g++ rapidjson-dev}"
TARBALL="$SHARED/vendor/metacall-core-0.9.22-498d6aa87.tar.gz"
OUT=build/metacall
SOURCE="$OUT/src/metacall-core-0.9.22"
CMAKE_BUILD="$OUT/cmake-build"
INSTALL="$OUT/install"
STEP=""

# Only what the Python loader needs; everything that would download (detours, backtrace) or is not used is off.
CMAKE_OPTIONS=(
    -DCMAKE_BUILD_TYPE=Release
    -DOPTION_BUILD_LOADERS=ON -DOPTION_BUILD_LOADERS_PY=ON -DOPTION_BUILD_LOADERS_EXT=ON
    -DOPTION_BUILD_LOADERS_MOCK=OFF -DOPTION_BUILD_EXTENSIONS=ON
    -DOPTION_BUILD_SERIALS=ON -DOPTION_BUILD_SERIALS_RAPID_JSON=ON -DOPTION_BUILD_SERIALS_METACALL=OFF
    -DOPTION_BUILD_TESTS=OFF -DOPTION_BUILD_EXAMPLES=OFF -DOPTION_BUILD_CLI=OFF -DOPTION_BUILD_SCRIPTS=OFF
    -DOPTION_BUILD_PORTS=OFF -DOPTION_BUILD_DETOURS=OFF -DOPTION_FORK_SAFE=OFF
    -DOPTION_BUILD_PLUGINS_BACKTRACE=OFF -DOPTION_BUILD_PLUGINS_SANDBOX=OFF
    -DOPTION_GIT_HOOKS=OFF -DOPTION_BUILD_DOCS=OFF
)

# A failure is also written to build/metacall/failure.txt, which bench compare reports as the go-metacall runs' reason.
FAILURE="$OUT/failure.txt"
mkdir -p "$OUT"
rm -f "$FAILURE"

say() { echo "make metacall: $*"; }
fail() {
    echo "step '$STEP': $*" > "$FAILURE"
    echo "make metacall: FAILED at step '$STEP': $*" >&2
    exit 1
}
on_error() {
    local status=$?
    echo "step '$STEP': exit status $status (the output of make metacall says why)" > "$FAILURE"
    echo "make metacall: FAILED at step '$STEP' (exit status $status; the output above says why)" >&2
    exit "$status"
}
trap on_error ERR

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

STEP="Debian packages ($METACALL_DEBS)"
missing=()
for package in $METACALL_DEBS; do
    installed "$package" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        as_root=(sudo -n)
    else
        fail "missing ${missing[*]}, and installing needs root: sudo apt-get install ${missing[*]}"
    fi
    say "installing the missing Debian packages ${missing[*]} (apt-get)"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    for package in "${missing[@]}"; do
        installed "$package" || fail "apt-get did not install $package"
    done
fi

STEP="embedded CPython ($PYTHON)"
[ -x "$PYTHON" ] || fail "$PYTHON is not an executable (run make venv)"
PYTHON="$(cd "$(dirname "$PYTHON")" && pwd)/$(basename "$PYTHON")"
PYTHON_LIBRARY=$("$PYTHON" - <<'EOF'
import importlib.util, os, sys, sysconfig
if sysconfig.get_config_var("Py_ENABLE_SHARED") != 1:
    sys.exit(f"{sys.executable} is not built with --enable-shared: MetaCall embeds a shared libpython")
for module in ("torch", "transformers"):
    if importlib.util.find_spec(module) is None:
        sys.exit(f"{sys.executable} cannot import {module} (run make venv)")
print(os.path.join(sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("LDLIBRARY")))
EOF
) || fail "$PYTHON cannot be embedded (see the line above)"
[ -f "$PYTHON_LIBRARY" ] || fail "libpython not found at $PYTHON_LIBRARY"

STEP="unpack $TARBALL"
[ -f "$TARBALL" ] || fail "the vendored MetaCall source is missing (../shared/README.md, section vendor/, says what it is)"
tarball_sum=$(sha256sum "$TARBALL" | cut -d' ' -f1)
if [ "$(cat "$OUT/src/.unpacked" 2>/dev/null)" != "$tarball_sum" ]; then
    say "unpacking $TARBALL"
    rm -rf "$OUT/src" "$CMAKE_BUILD" "$INSTALL"
    mkdir -p "$OUT/src"
    tar -xzf "$TARBALL" -C "$OUT/src"
    [ -d "$SOURCE" ] || fail "the tarball has no metacall-core-0.9.22/ folder"
    echo "$tarball_sum" > "$OUT/src/.unpacked"
fi

# The build is redone when the source, the options, the Python or the toolchain change.
recipe=$(printf '%s\n' "$tarball_sum" "$(readlink -f "$PYTHON")" "$PYTHON_LIBRARY" "${CMAKE_OPTIONS[@]}" \
    "$(cmake --version | head -1)" "$(g++ --version | head -1)" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$INSTALL/.recipe" 2>/dev/null)" != "$recipe" ]; then
    STEP="configure (cmake)"
    say "configuring MetaCall core 0.9.22 (Python loader, embedded CPython $PYTHON)"
    rm -rf "$CMAKE_BUILD" "$INSTALL"
    cmake -S "$SOURCE" -B "$CMAKE_BUILD" -Wno-dev --log-level=WARNING "${CMAKE_OPTIONS[@]}" \
        -DCMAKE_INSTALL_PREFIX="$PWD/$INSTALL" -DPython3_EXECUTABLE="$PYTHON" >"$OUT/configure.log" 2>&1 \
        || { tail -30 "$OUT/configure.log" >&2; fail "cmake could not configure MetaCall (log: $OUT/configure.log)"; }

    STEP="build (cmake --build)"
    say "building MetaCall core (log: $OUT/build.log)"
    cmake --build "$CMAKE_BUILD" --parallel "$(nproc)" >"$OUT/build.log" 2>&1 \
        || { tail -30 "$OUT/build.log" >&2; fail "the MetaCall build failed (log: $OUT/build.log)"; }

    STEP="install (cmake --install)"
    # With every plugin off, the install rules still copy build/plugins.
    mkdir -p "$CMAKE_BUILD/plugins"
    cmake --install "$CMAKE_BUILD" >"$OUT/install.log" 2>&1 \
        || { tail -30 "$OUT/install.log" >&2; fail "installing MetaCall failed (log: $OUT/install.log)"; }
    [ -f "$INSTALL/lib/libmetacall.so" ] || fail "no $INSTALL/lib/libmetacall.so after the install"
    echo "$recipe" > "$INSTALL/.recipe"
fi

STEP="go build (bench/metacall-go)"
# The module's go.mod replaces the Go port by the unpacked source; cgo finds MetaCall's headers and library in the
# install folder, and the programs keep that folder as their run path. They are told at link time where MetaCall is
# installed, the checkout (their Python modules), and the venv whose CPython MetaCall embeds.
say "building $OUT/bin/metacall-classify and metacall-bridge"
mkdir -p "$OUT/bin"
root=$PWD
settings=dev.polybridge/bench/metacall-go/metacallenv
for program in classify bridge; do
    (
        cd bench/metacall-go
        env GOPATH="$root/$OUT/go" GOCACHE="$root/$OUT/go-cache" GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=1 \
            CGO_CFLAGS="-I$root/$INSTALL/include -Wno-unused-variable" \
            CGO_LDFLAGS="-L$root/$INSTALL/lib -Wl,-rpath,$root/$INSTALL/lib" \
            go build -o "$root/$OUT/bin/metacall-$program" \
            -ldflags "-X $settings.Install=$root/$INSTALL -X $settings.Root=$root -X $settings.VenvPython=$PYTHON" \
            "./$program"
    ) || { rm -f "$OUT/bin/metacall-$program"; fail "go build ./$program failed (the output above says why)"; }
done
say "ready: $OUT/bin/metacall-classify and metacall-bridge ($(go version | cut -d' ' -f3), MetaCall core 0.9.22 in $INSTALL)"
