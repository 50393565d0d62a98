#!/usr/bin/env bash
# Fetches real photos from registry packages into .cache/photos (never committed).
#   scikit-image wheel (PyPI), skimage/data: public domain or CC0 (see the skimage.data docstrings)
#   matplotlib wheel (PyPI), grace_hopper.jpg: from the matplotlib sample data (PSF-based licence)
#   Debian opencv-doc, examples/data: OpenCV's sample images (Apache-2.0/BSD, see its copyright file)
# A second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.cache/photos
STAMP=$OUT/.complete
[ -f "$STAMP" ] && exit 0
mkdir -p "$OUT" .cache/wheels
log() { echo "fetch-photos: $*" >&2; }

SKIMAGE_FILES="astronaut.png camera.png coffee.png chelsea.png rocket.jpg clock_motion.png page.png text.png brick.png grass.png gravel.png"
log "scikit-image and matplotlib wheels from PyPI"
pip download --quiet --no-deps --only-binary=:all: -d .cache/wheels "scikit-image==0.25.2" "matplotlib==3.10.3" \
    --python-version 3.11 --platform manylinux2014_x86_64 --implementation cp
python3 - "$OUT" $SKIMAGE_FILES <<'PY'
import glob, os, sys, zipfile
out, wanted = sys.argv[1], set(sys.argv[2:])
for whl in glob.glob(".cache/wheels/*.whl"):
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            base = os.path.basename(name)
            if (name.startswith("skimage/data/") and base in wanted) or base == "grace_hopper.jpg":
                with open(os.path.join(out, base), "wb") as f:
                    f.write(z.read(name))
PY

DOC=/usr/share/doc/opencv-doc/examples/data
if [ ! -d "$DOC" ] && command -v apt-get >/dev/null; then
    log "Debian opencv-doc"
    (apt-get install -y -q opencv-doc >/dev/null 2>&1) || (apt-get update -q >/dev/null && apt-get install -y -q opencv-doc >/dev/null)
fi
if [ -d "$DOC" ]; then
    for f in text_defocus.jpg text_motion.jpg licenseplate_motion.jpg sudoku.png baboon.jpg \
             fruits.jpg building.jpg board.jpg messi5.jpg home.jpg orange.jpg pic1.png smarties.png; do
        for c in "$DOC/$f" "$DOC/$f.gz"; do
            [ -f "$c" ] || continue
            case "$c" in *.gz) gunzip -c "$c" > "$OUT/$f" ;; *) cp "$c" "$OUT/$f" ;; esac
        done
    done
fi
ls "$OUT" | wc -l | xargs -I{} echo "fetch-photos: {} photos in $OUT" >&2
touch "$STAMP"
