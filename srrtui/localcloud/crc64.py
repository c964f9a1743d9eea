"""CRC-64/ECMA-182, the checksum OSS reports in ``x-oss-hash-crc64ecma``: computed as a body
arrives (http/body.py) and when bytes are stored (storage/blobs.py)."""

from __future__ import annotations

from collections.abc import Callable

# CRC-64/ECMA-182 as OSS reports it in x-oss-hash-crc64ecma; same parameters as
# oss2/utils.py Crc64 (_POLY 0x142F0E1EBA9EA3693, reflected, xorOut all ones, initCrc 0).
_CRC_POLY_REFLECTED = 0xC96C5795D7870F42
_crc_fun: Callable[[bytes, int], int] | None = None


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ _CRC_POLY_REFLECTED if crc & 1 else crc >> 1
        table.append(crc)
    return table


def crc64ecma(data: bytes, crc: int = 0) -> int:
    """CRC-64/ECMA of ``data``; pass the previous result as ``crc`` to continue over pieces."""
    return _crc()(data, crc)


def _crc() -> Callable[[bytes, int], int]:
    global _crc_fun
    if _crc_fun is None:
        try:  # crcmod comes with oss2 and has a C extension; fall back to a table otherwise
            import crcmod

            _crc_fun = crcmod.mkCrcFun(
                0x142F0E1EBA9EA3693, initCrc=0, xorOut=0xFFFFFFFFFFFFFFFF, rev=True
            )
        except ImportError:
            table = _crc_table()

            def _table_crc(buf: bytes, previous: int = 0) -> int:
                crc = previous ^ 0xFFFFFFFFFFFFFFFF
                for byte in buf:
                    crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
                return crc ^ 0xFFFFFFFFFFFFFFFF

            _crc_fun = _table_crc
    return _crc_fun
