"""The HTTP transport under every service: the request and response values (types.py), the body
read on demand (body.py) and the connection bookkeeping (server_core.py). It knows no service."""
