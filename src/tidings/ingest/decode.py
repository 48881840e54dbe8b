"""Bytes to text: encoding detection and the checks that reject binary, undecodable or empty input."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import CleanError

__all__ = ["decode_text", "looks_binary"]

# Bytes that never occur in text files (NUL and most C0 controls); tab, newlines, form feed and ESC are allowed.
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 27)) | set(range(28, 32))
_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.01


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: a NUL byte or more than 1% control bytes in the first 8 KiB."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample and not _is_utf16(sample):
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_RATIO and not _is_utf16(sample)


def _is_utf16(sample: bytes) -> bool:
    return sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode_text(data: bytes, *, encoding: str | None = None) -> str:
    """Decode bytes as text: a declared encoding, else UTF-8 (BOM aware), else a detected one."""
    if not data.strip():
        raise CleanError("empty document")
    if looks_binary(data):
        raise CleanError("binary content, not text or HTML")
    for candidate in _candidates(data, encoding):
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise CleanError("undecodable text: not UTF-8 and no other encoding fits")
    return str(best)


def _candidates(data: bytes, declared: str | None) -> list[str]:
    if data.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if _is_utf16(data):
        return ["utf-16"]
    return [declared, "utf-8"] if declared else ["utf-8"]
