#!/usr/bin/env python3
"""Measures at what card width (pixels across an ID-1 card) its MRZ stops being readable.

Renders three-line TD1 machine-readable zones in OCR-B (Debian `fonts-ocr-b`) at the ICAO 9303
pitch of 2.54 mm per character on an 85.6 mm wide card, reduces them by area averaging to a
given card width, adds sensor noise and JPEG, then reads them with Tesseract (Debian
`tesseract-ocr`, charset A-Z 0-9 <) after a bicubic enlargement. Prints the character accuracy
per card width, on the data characters (the '<' fillers left out on both sides: Tesseract's
English model miscounts long '<' runs at any resolution). Needs: apt-get install tesseract-ocr fonts-ocr-b; pip install pillow numpy.

    python3 scripts/measure-resolution.py [--n 12]
"""
import io, random, subprocess, sys, tempfile, os
import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageFilter

FONT = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
CARD_MM = 85.6
PITCH_MM = 2.54            # ICAO 9303 Part 3: OCR-B size 1 at 10 characters per inch
HI = 40.0                  # render resolution, pixels per mm
ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
WIDTHS = [int(w) for w in os.environ.get("WIDTHS", "120,150,180,210,240,270,300,340,400,480,640,900").split(",")]

def mrz_lines(rng):
    r = lambda k, s=ALPHA: "".join(rng.choice(s) for _ in range(k))
    digits = "0123456789"
    l1 = "I<" + r(3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + r(9, ALPHA[:-1]) + r(1, digits) + r(rng.randint(0, 8)).ljust(15, "<")
    l2 = r(6, digits) + r(1, digits) + rng.choice("MF<") + r(6, digits) + r(1, digits) + r(3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "<" * 10 + r(1, digits)
    name = r(rng.randint(4, 10), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "<<" + r(rng.randint(3, 8), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    l3 = name[:30].ljust(30, "<")
    return [l1[:30].ljust(30, "<"), l2[:30], l3]

def font_for_pitch(px_per_mm):
    # OCR-B is monospaced: find the size whose advance is one pitch.
    size = 100
    f = ImageFont.truetype(FONT, size)
    adv = f.getlength("M")
    return ImageFont.truetype(FONT, max(1, round(size * PITCH_MM * px_per_mm / adv)))

def render(lines):
    f = font_for_pitch(HI)
    w, line_mm = int(CARD_MM * HI), 3.6            # ~3.5 mm line spacing on TD1 cards
    h = int((len(lines) * line_mm + 4) * HI)
    img = Image.new("L", (w, h), 235)
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((int(4.7 * HI), int((2 + i * line_mm) * HI)), line, font=f, fill=30)
    return img

def cap_height_mm():
    f = font_for_pitch(HI)
    box = f.getbbox("H")
    return (box[3] - box[1]) / HI

def degrade(img, card_px, rng):
    k = card_px / (CARD_MM * HI)
    small = img.resize((max(1, round(img.width * k)), max(1, round(img.height * k))), Image.BOX)
    a = np.asarray(small, dtype=np.float32) + np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 2.0, small.size[::-1])
    small = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=90)
    return Image.open(io.BytesIO(buf.getvalue()))

def ocr(img):
    # Enlarge so that characters are ~40 px high for Tesseract (what an OCR service would do).
    z = max(1, round(40 / (img.height / 14)))
    big = img.resize((img.width * z, img.height * z), Image.BICUBIC)
    with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as t:
        big.save(t.name)
    out = subprocess.run(["tesseract", t.name, "-", "--psm", "6", "-c", "tessedit_char_whitelist=" + ALPHA],
                         capture_output=True, text=True).stdout
    os.unlink(t.name)
    return [l.replace(" ", "") for l in out.splitlines() if l.strip()]

def distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]

def main():
    n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 12
    rng = random.Random(7)
    print(f"OCR-B cap height at a {PITCH_MM} mm pitch: {cap_height_mm():.2f} mm")
    print("| card width (px) | px per mm | MRZ cap height (px) | data characters read right | MRZs read with no error |")
    print("| --- | --- | --- | --- | --- |")
    cases = [mrz_lines(rng) for _ in range(n)]
    renders = [render(c) for c in cases]
    for w in WIDTHS:
        errs = total = perfect = 0
        for lines, img in zip(cases, renders):
            got = ocr(degrade(img, w, rng))
            # The data, not the filler: '<' runs are left out on both sides.
            truth = "".join(lines).replace("<", "")
            e = distance(truth, "".join(got).replace("<", ""))
            errs, total, perfect = errs + min(e, len(truth)), total + len(truth), perfect + (e == 0)
        ppm = w / CARD_MM
        print(f"| {w} | {ppm:.2f} | {cap_height_mm() * ppm:.1f} | {100 * (1 - errs / total):.1f} % | {perfect}/{n} |")

if __name__ == "__main__":
    main()
