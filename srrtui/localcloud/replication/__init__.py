"""Same-region replication in the local cloud: rules and their state (store.py), which objects a
rule copies (filter.py), one unit of copying (copy.py), the engine thread (engine.py), the OSS
replication APIs (api.py), and ``Replication`` tying them to a running cloud (service.py)."""
