"""The local cloud's OSS: the service and its router (service.py, routing.py, context.py), the
operations (buckets, objects, listing, acl, copy, multipart), signatures (auth.py), XML answers
and errors (responses.py, ec_codes.py) and the SQLite store (store.py, records.py,
store_schema.py, multipart_store.py)."""
