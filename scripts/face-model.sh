#!/usr/bin/env bash
# Copies the face model (rustface 0.1.7's model/seeta_fd_frontal_v1.0.bin, BSD-2, 1.2 MB) from
# cargo's registry sources into the folder given (www/pkg), next to the wasm, where the page
# fetches it only when a face check is asked for. The file is never committed (www/pkg is ignored).
# Run after a cargo build, which fetches rustface. KYC_FACE_MODEL overrides the search.
set -euo pipefail
dest=${1:?usage: scripts/face-model.sh DEST_DIR}
model=${KYC_FACE_MODEL:-}
if [ -z "$model" ]; then
    home=${CARGO_HOME:-$HOME/.cargo}
    model=$(ls "$home"/registry/src/*/rustface-0.1.7/model/seeta_fd_frontal_v1.0.bin 2>/dev/null | head -n 1 || true)
fi
if [ -z "$model" ] || [ ! -f "$model" ]; then
    echo "face-model: rustface's model not found; run a cargo build first (face checks will say the model is not loaded)" >&2
    exit 0
fi
mkdir -p "$dest"
cmp -s "$model" "$dest/seeta_fd_frontal_v1.0.bin" || cp "$model" "$dest/seeta_fd_frontal_v1.0.bin"
