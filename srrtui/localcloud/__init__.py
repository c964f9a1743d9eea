"""The local cloud: an embedded OSS + RAM service on loopback with a real replication engine."""
