"""Alibaba Cloud's POP API gateway as RAM, KMS and STS share it: RPC parameters, versions and
JSON errors (rpc.py), the ACS3 / RPC signatures (acs3.py) and the gateway in front of a
product's actions (gateway.py)."""
