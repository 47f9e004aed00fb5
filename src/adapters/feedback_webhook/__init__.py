"""Events POSTed to an HTTP endpoint, signed the Standard Webhooks way, and the receiver's check.

The transport needs the ``[webhook]`` extra (httpx); `verify` needs nothing but the core.
"""

from feedback_webhook.receiver import SignatureInvalid, verify
from feedback_webhook.signing import make_secret

__all__ = ["SignatureInvalid", "make_secret", "verify"]
