#!/usr/bin/env bash
# Copies the fonts the corpus generator prints its cards with into .cache/fonts (never committed).
# They come from Debian packages, installed when missing:
#   fonts-dejavu-core, fonts-dejavu-extra  DejaVu Sans, Serif, Condensed, Mono (Bitstream Vera licence)
#   fonts-liberation                       Liberation Sans, Serif, Mono 1.07 (GPL-2 with the font exception)
#   fonts-ocr-b                            OCR-B for the machine-readable zone (public domain / permissive,
#                                          Matthew Skala from Norbert Schwarz's METAFONT sources)
#   fonts-droid-fallback                   Droid Sans Fallback, Chinese characters (Apache-2.0)
# The licences are in /usr/share/doc/<package>/copyright. A second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.cache/fonts
STAMP=$OUT/.complete
[ -f "$STAMP" ] && exit 0
mkdir -p "$OUT"
T=/usr/share/fonts/truetype
O=/usr/share/fonts/opentype
FILES="$T/dejavu/DejaVuSans.ttf $T/dejavu/DejaVuSans-Bold.ttf $T/dejavu/DejaVuSerif.ttf $T/dejavu/DejaVuSerif-Bold.ttf
       $T/dejavu/DejaVuSansCondensed.ttf $T/dejavu/DejaVuSansCondensed-Bold.ttf $T/dejavu/DejaVuSansMono.ttf
       $T/liberation/LiberationSans-Regular.ttf $T/liberation/LiberationSans-Bold.ttf
       $T/liberation/LiberationSerif-Regular.ttf $T/liberation/LiberationSerif-Bold.ttf
       $T/liberation/LiberationMono-Regular.ttf $O/ocr-b/OCRB.otf $T/droid/DroidSansFallbackFull.ttf"
missing() { for f in $FILES; do [ -f "$f" ] || return 0; done; return 1; }
if missing && command -v apt-get >/dev/null; then
    echo "fetch-fonts: Debian font packages" >&2
    PKGS="fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-ocr-b fonts-droid-fallback"
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PKGS >/dev/null 2>&1) ||
        (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PKGS >/dev/null)
fi
for f in $FILES; do
    [ -f "$f" ] && cp "$f" "$OUT/"
done
echo "fetch-fonts: $(ls "$OUT" | wc -l) fonts in $OUT" >&2
touch "$STAMP"
