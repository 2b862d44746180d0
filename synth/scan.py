"""Scans of circulars: a text PDF turned into an image-only PDF, as an office's scanner makes it.

Each page is rendered (pdfium) at ``dpi``, turned by a slight angle, speckled with noise, and a
red round seal is stamped over the text of the last page; the pages are written back as a PDF
holding only images. The result has no text layer at all: reading it needs OCR.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFont

__all__ = ["scan_pdf", "stamp_seal"]

SEAL_RED = (220, 30, 30)
_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def stamp_seal(page: Image.Image, centre: tuple[int, int], radius: int) -> Image.Image:
    """``page`` with a red round seal (ring, star, a word) multiplied over it, as ink is."""
    seal = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(seal)
    cx, cy = centre
    width = max(3, radius // 14)
    draw.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius), outline=SEAL_RED, width=width
    )
    star = [
        (
            cx + (radius / 3 if k % 2 == 0 else radius / 7.5) * math.sin(k * math.pi / 5),
            cy - (radius / 3 if k % 2 == 0 else radius / 7.5) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=SEAL_RED)
    font = _font(max(10, radius // 4))
    draw.text((cx, cy + radius // 2), "专用章", fill=SEAL_RED, font=font, anchor="mm")
    return ImageChops.multiply(page.convert("RGB"), seal)


def _scan_page(
    image: Image.Image, rng: np.random.Generator, angle: float, noise: float
) -> Image.Image:
    image = image.convert("RGB").rotate(
        angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor="white"
    )
    if noise > 0:
        # grey Gaussian noise about 128, its darkest tail kept as black specks; drawn from the
        # seeded generator (PIL's effect_noise ignores any seed), so a scan is made again alike
        grey = rng.normal(128.0, 255 * noise, size=(image.height, image.width))
        speckle = Image.fromarray(np.where(grey < 40, 0, 255).astype(np.uint8), "L")
        image = ImageChops.multiply(image, speckle.convert("RGB"))
    return image


def scan_pdf(
    data: bytes,
    *,
    dpi: int = 200,
    angle: float = 0.6,
    noise: float = 0.12,
    seal: bool = True,
    seed: int = 0,
    pages: list[int] | None = None,
) -> bytes:
    """An image-only PDF of the text PDF ``data``: every page (or the 0-based ``pages``)
    rendered at ``dpi``, turned ``angle`` degrees, speckled, a seal on the last page."""
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(data)
    try:
        chosen = range(len(pdf)) if pages is None else pages
        images = []
        for k, index in enumerate(chosen):
            page = pdf[index]
            image = page.render(scale=dpi / 72).to_pil()
            page.close()
            turn = angle if k % 2 == 0 else -angle
            image = _scan_page(image, rng, turn, noise)
            if seal and k == len(chosen) - 1:
                w, h = image.size
                image = stamp_seal(image, (int(w * 0.62), int(h * 0.42)), int(w * 0.13))
            images.append(image)
    finally:
        pdf.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out.getvalue()
