"""The local cloud's STS: AssumeRole (api.py) and AssumeRoleWithOIDC with the cloud as a test
OIDC identity provider (oidc.py). The keys it issues live in srrtui.localcloud.keys."""
