"""Seeds of a local cloud: the demo account (demo.py, with its replication rule in
replication.py) and a large account for the watch tests and benchmarks (scale.py)."""
