"""What the services keep on disk: the shared SQLite database (db.py), the checks on a data
directory (datadir.py) and the content-addressed object bytes (blobs.py)."""
