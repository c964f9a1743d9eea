"""The local cloud's KMS (API 2016-01-20): the actions (service.py) and keys and aliases in
SQLite (store.py)."""
