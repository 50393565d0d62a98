//! Finds the SeetaFace model inside the `rustface` crate that cargo fetched, so that native builds
//! can embed it (the wasm build never does: the browser fetches it as its own file).
//!
//! The model `model/seeta_fd_frontal_v1.0.bin` (BSD-2, 1.2 MB) ships in rustface's crates.io
//! package. Cargo does not tell a build script where a dependency's sources are, so we look in
//! the registry sources under `$CARGO_HOME` (default `~/.cargo`), or take `KYC_FACE_MODEL`.
//! When it is found, `OUT_DIR/face_model.bin` is written and `cfg(face_model_embedded)` set.
//! It also sets `cfg(seeta)` where the build runs rustface itself (see `src/faces.rs`).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

const MODEL: &str = "rustface-0.1.7/model/seeta_fd_frontal_v1.0.bin";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(face_model_embedded)");
    println!("cargo::rustc-check-cfg=cfg(seeta)");
    println!("cargo::rerun-if-env-changed=KYC_FACE_MODEL");
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    // `seeta`: this build runs rustface itself. Native builds do; on wasm32 only the face module
    // (feature `face-module`), so that the main wasm carries no face detector.
    if !wasm || env::var_os("CARGO_FEATURE_FACE_MODULE").is_some() {
        println!("cargo::rustc-cfg=seeta");
    }
    if wasm {
        return;
    }
    let Some(model) = find_model() else {
        println!("cargo::warning=the rustface model was not found; the native face check will say it is not loaded");
        return;
    };
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("face_model.bin");
    if fs::copy(&model, &out).is_ok() {
        println!("cargo::rerun-if-changed={}", model.display());
        println!("cargo::rustc-cfg=face_model_embedded");
    }
}

fn find_model() -> Option<PathBuf> {
    if let Ok(p) = env::var("KYC_FACE_MODEL") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
    let sources = fs::read_dir(home.join("registry").join("src")).ok()?;
    sources.flatten().map(|index| index.path().join(MODEL)).find(|p| p.is_file())
}
