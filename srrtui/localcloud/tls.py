"""``local-cloud --tls``: HTTPS with a test CA made for this data directory (trustme, on
cryptography), so clients that insist on https (the credential library's STS calls) can be
pointed at the local cloud. The CA's certificate is written to ``<data>/tls/ca.pem``: trust it
with ``SSL_CERT_FILE`` / ``REQUESTS_CA_BUNDLE``. The server certificate names 127.0.0.1,
localhost and the Alibaba Cloud host names a flow uses (for a private network namespace whose
hosts file maps them to 127.0.0.1)."""

from __future__ import annotations

import ssl
from pathlib import Path

NAMES = (
    "127.0.0.1",
    "localhost",
    "sts.aliyuncs.com",
    "ram.aliyuncs.com",
    "*.aliyuncs.com",
)


def server_context(data_dir: Path, region: str) -> tuple[ssl.SSLContext, Path]:
    """(the server's TLS context, the CA certificate file clients should trust)."""
    import trustme

    folder = data_dir / "tls"
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    # A wildcard covers one label: buckets' virtual hosts need their own (BUCKET.oss-<region>...).
    buckets = (f"*.oss-{region}.aliyuncs.com", f"*.oss-{region}-internal.aliyuncs.com")
    names = (*NAMES, f"sts.{region}.aliyuncs.com", f"kms.{region}.aliyuncs.com", *buckets)
    cert = ca.issue_cert(*names)
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    return context, ca_file
