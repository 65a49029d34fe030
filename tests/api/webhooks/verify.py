"""Verifies deliveries with the Standard Webhooks reference library (PyPI: standardwebhooks).

Reads a JSON list of {"secret", "id", "timestamp", "signature", "body"} on stdin; exits 0 when
every delivery verifies, 1 when one does not, 3 when the library is not installed.
"""

import json
import sys

try:
    from standardwebhooks.webhooks import Webhook
except ImportError:
    sys.exit(3)

deliveries = json.load(sys.stdin)
for d in deliveries:
    headers = {
        "webhook-id": d["id"],
        "webhook-timestamp": d["timestamp"],
        "webhook-signature": d["signature"],
    }
    try:
        Webhook(d["secret"]).verify(d["body"], headers)
    except Exception as e:  # the library raises WebhookVerificationError
        print(f"not verified: {d['id']}: {e}")
        sys.exit(1)
print(f"verified {len(deliveries)}")
