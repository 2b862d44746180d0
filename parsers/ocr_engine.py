"""The OCR engine: RapidOCR (PP-OCRv4 Chinese detection and recognition on onnxruntime).

Chosen by measurement on scans of the project's own circulars (``bench/ocr.py``): Tesseract's
``chi_sim`` misread most percentages of a table page ("65.74%" as "657400", "44.32%" as
"4.320%"), where PP-OCRv4 read them right and gives a confidence per character. The models ship
inside the ``rapidocr-onnxruntime`` wheel, so nothing is downloaded at run time. It is the
optional extra ``ocr`` (``pip install 'minsheng[ocr]'``); without it a scanned PDF is
quarantined ``needs_ocr`` with a reason saying so.

Detection runs on the page scaled to :data:`DETECT_SIDE` pixels (a third of the time of
RapidOCR's 2000 for the same boxes); lines are recognised at the model's own height,
:data:`REC_HEIGHT` pixels. At 32 pixels recognition took a third less time, but a half-width
digit then spans two steps of the recogniser's output and doubled digits ran together
("44.62%" read "4.62%", "15.88%" read "15.8%") or lost their point ("22.83%" read "2283%"):
most of the figures read wrongly on the project's scans. Pages are rendered with pdfium at
:data:`DPI`; red ink (a seal stamped over the text, a red header) is whitened before
recognition, and ruled table lines are found in the image (``parsers.ocr_rules``).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from parsers.ocr_layout import RawBox

__all__ = ["DPI", "missing", "recognise", "recognise_line", "render", "whiten_red"]

DPI = 150  # PP-OCRv4 reads 10.5-pt figures at this resolution; higher costs time, not accuracy
REC_HEIGHT = 48  # PP-OCRv4's recogniser is trained on lines 48 pixels high
DETECT_SIDE = 1280  # an A4 page at 110 dpi: 10.5-pt lines still come apart, 960 merges some
INSTALL_HINT = "install the OCR extra: pip install 'minsheng[ocr]'"

_engine: Any = None
_lock = threading.Lock()


def missing() -> str | None:
    """Why OCR cannot run here (a one-line reason), or None when it can."""
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError as exc:
        return f"the OCR engine is not installed ({exc.name}); {INSTALL_HINT}"
    return None


def _get_engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # one thread: parse workers are processes, one per core
            _engine = RapidOCR(
                intra_op_num_threads=1, inter_op_num_threads=1, rec_img_shape=[3, REC_HEIGHT, 320]
            )
            _engine.text_det.get_preprocess = _detection_size
        return _engine


def _detection_size(longest: int) -> Any:
    """Detection on the page scaled to :data:`DETECT_SIDE` pixels at most on its longer side
    (RapidOCR's own choice for a page is 2000, three times the time for the same boxes)."""
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    return DetPreProcess(DETECT_SIDE, "max", [0.5, 0.5, 0.5], [0.5, 0.5, 0.5])


def render(pdf: Any, index: int, dpi: int = DPI) -> np.ndarray:
    """Page ``index`` (0-based) of an open ``pypdfium2.PdfDocument`` as an RGB array."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72)
        image = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    return np.asarray(image)


def whiten_red(rgb: np.ndarray) -> np.ndarray:
    """The image with red ink made white: a seal over the text leaves the black text under it."""
    r = rgb[..., 0].astype(np.int16)
    g = rgb[..., 1].astype(np.int16)
    b = rgb[..., 2].astype(np.int16)
    red = (r > 110) & (r - np.maximum(g, b) > 45)
    out = rgb.copy()
    out[red] = 255
    return out


def recognise(rgb: np.ndarray) -> list[RawBox]:
    """The text boxes OCR reads in an RGB page image: quad, text and per-character scores."""
    engine = _get_engine()
    bgr = np.ascontiguousarray(rgb[..., ::-1])
    result, _ = engine(bgr, use_cls=False, text_score=0.0, return_word_box=True)
    boxes = []
    for found in result or []:
        quad, text, score = found[0], str(found[1]), float(found[2])
        scores = [float(s) for s in found[5]] if len(found) > 5 else []
        if len(scores) != len(text):
            scores = [score] * len(text)
        if text.strip():
            boxes.append(RawBox(tuple((float(x), float(y)) for x, y in quad), text, scores))
    return boxes


def recognise_line(gray: np.ndarray) -> tuple[str, list[float]]:
    """The text of a small grey image holding one line (a table cell), recognition only."""
    engine = _get_engine()
    bgr = np.ascontiguousarray(np.repeat(gray[..., None], 3, axis=2))
    result, _ = engine(bgr, use_det=False, use_cls=False, text_score=0.0)
    if not result:
        return "", []
    text, score = str(result[0][0]).strip(), float(result[0][1])
    if score < 0.5:  # specks, not writing
        return "", []
    return text, [score] * len(text)
