#!/usr/bin/env bash
# Installs what building and testing kyc-preflight needs, then writes .cache/toolchain.env.
# Tries the ordinary rustup route first (rebuilding std with -Zbuild-std when rustup has its
# source); on machines where the wasm32 std cannot be downloaded it falls back to Debian's
# rustc-web with -Zbuild-std. A second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_BINDGEN_VERSION=0.2.130
mkdir -p .cache
ENV_FILE=.cache/toolchain.env
log() { echo "setup: $*" >&2; }

APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null || { log "apt-get not available; please install: $*"; return 1; }
    if [ "$APT_UPDATED" = 0 ]; then apt-get update -q >/dev/null; APT_UPDATED=1; fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

need_pkgs=()
pick_wasm_route() {
    if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        echo rustup; return
    fi
    if [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library ] && command -v wasm-ld-19 >/dev/null; then
        echo debian; return
    fi
    if command -v rustup >/dev/null && timeout 45 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
        echo rustup; return
    fi
    echo debian-install
}

# On the rustup route std is rebuilt for the shipped wasm too when rustup has (or can fetch) the
# standard library's source: with std built with simd128 and panics that abort without a
# message, the wasm is about 27 KB smaller gzipped (docs/BENCHMARKS.md, "Size of the shipped wasm").
rustup_has_src() {
    rustup component list --installed 2>/dev/null | grep -q '^rust-src' && return 0
    log "rustup component add rust-src (to rebuild std for the wasm)"
    timeout 60 rustup component add rust-src >/dev/null 2>&1
}

route=$(pick_wasm_route)
if [ "$route" = rustup ] && rustup_has_src; then
    route=rustup-build-std
fi
if [ "$route" = debian-install ]; then
    need_pkgs+=(rustc-web cargo-web rust-web-src lld-19)
    route=debian
fi
command -v chromium >/dev/null || need_pkgs+=(chromium)
command -v chromedriver >/dev/null || need_pkgs+=(chromium-driver)
command -v wasm-opt >/dev/null || need_pkgs+=(binaryen)
command -v node >/dev/null || need_pkgs+=(nodejs npm)
# Chinese glyphs for the demo's screenshots in headless Chromium (zh-Hans, zh-Hant).
fc-list :lang=zh 2>/dev/null | grep -q "Noto Sans CJK" || need_pkgs+=(fonts-noto-cjk)
if [ ${#need_pkgs[@]} -gt 0 ]; then apt_install "${need_pkgs[@]}"; fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
    log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --quiet
fi

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/@techstark/opencv-js ] \
    || [ ! -d node_modules/esbuild ] || [ ! -d node_modules/typescript ]; then
    log "npm install (playwright-core, the benchmark peers, esbuild and typescript for the package tests)"
    npm install --no-audit --no-fund --silent >/dev/null
fi

{
    echo "# Written by scripts/setup.sh: how to build for wasm32 on this machine ($route route)."
    if [ "$route" = rustup ]; then
        echo "WASM_CARGO=cargo"
        echo "WASM_FLAGS="
    elif [ "$route" = rustup-build-std ]; then
        echo "WASM_CARGO=cargo"
        echo "WASM_FLAGS=-Zbuild-std=std,panic_abort"
        echo "export RUSTC_BOOTSTRAP=1"
    else
        echo "WASM_CARGO=/usr/bin/cargo"
        echo "WASM_FLAGS=-Zbuild-std=std,panic_abort"
        echo "export RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc"
        echo "export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19"
    fi
    echo "export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner"
    echo "export CHROMEDRIVER=$(command -v chromedriver)"
    echo "export WASM_BINDGEN_TEST_TIMEOUT=120"
} > "$ENV_FILE"
log "ready ($route route); settings in $ENV_FILE"
