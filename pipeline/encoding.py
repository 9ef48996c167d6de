"""Bytes of a briefing file -> text, and the name of the encoding that was used.

UTF-8 first (a BOM stays in the text, so offsets index the file as decoded). When the user names an
encoding (``--encoding``, ``BRIEFCHECK_ENCODING``) it is used as told. Otherwise a file that is not
UTF-8 is read in the encoding charset-normalizer finds most plausible, with ties going to cp1252,
which newsroom systems still export (and whose letters are a superset of Latin-1's): for a few
accented letters in English text, charset-normalizer rates cp1250 and cp1252 alike, and cp1250
would turn "crème" into "crčme". A file that is mostly valid UTF-8 with a few bad bytes is damaged
UTF-8, not another encoding, and is refused.
"""

from __future__ import annotations

import codecs

from .errors import BadInput

# A candidate no less plausible than the best (charset-normalizer's chaos ratio, 0 = clean text)
# within this margin counts as a tie.
_TIE = 0.01


def canonical(name: str) -> str:
    """The codec's own name ('latin-1' -> 'iso8859-1'); LookupError when Python has no such codec."""
    return codecs.lookup(name).name


def is_encoding_failure(reason: str | None) -> bool:
    """Whether a stored reason is decode_bytes refusing the bytes for their encoding."""
    return bool(reason) and reason.startswith("not ") and "invalid byte 0x" in reason


def _damaged_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 characters than invalid bytes: UTF-8 with a few bad bytes."""
    good = sum(ord(c) > 127 for c in data.decode("utf-8", errors="ignore"))
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    return good > bad


def _detect(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(data).best()
    if best is None:
        return None
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    if cp1252 is not None and mess_ratio(cp1252) <= best.chaos + _TIE:
        return cp1252, "cp1252"
    return str(best), canonical(best.encoding)


def _where(data: bytes, e: UnicodeDecodeError) -> str:
    return f"invalid byte 0x{data[e.start]:02x} at offset {e.start}"


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used), or BadInput saying why the bytes are not a briefing's text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput(path, "not UTF-8 (looks like UTF-16); re-save it as UTF-8")
    if b"\x00" in data:
        raise BadInput(path, "binary file (contains NUL bytes)")
    if encoding:
        try:
            return data.decode(encoding), canonical(encoding)
        except UnicodeDecodeError as e:
            raise BadInput(path, f"not {encoding} ({_where(data, e)})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        why = _where(data, e)
    if _damaged_utf8(data):
        raise BadInput(path, f"not UTF-8 ({why}; the rest is UTF-8, so the file looks damaged)")
    found = _detect(data)
    if found is None:
        raise BadInput(path, f"not UTF-8 ({why}) and no other encoding fits; name one with --encoding")
    return found
