"""Typed, Textual-free adapters over oss2 and the RAM SDK. SDKs are imported lazily inside
the functions that use them, so importing this package costs nothing at start-up."""
