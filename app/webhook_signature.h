// The signature of a webhook delivery (docs/api.md "Webhooks"), Stripe's
// scheme: the Keytrail-Signature header is "t=<unix seconds>,v1=<hex>",
// where hex is the lowercase hex of HMAC-SHA256(secret, "<t>.<body>").
// A receiver recomputes it with the secret it was shown once, compares in
// constant time and refuses an old t (replays).
#ifndef KEYTRAIL_APP_WEBHOOK_SIGNATURE_H_
#define KEYTRAIL_APP_WEBHOOK_SIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"

namespace keytrail::app {

inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";

// A new signing secret: kWebhookSecretPrefix and 32 random base62
// characters (about 190 bits) from `random`.
std::string NewWebhookSecret(RandomSource& random);

// The Keytrail-Signature header of `body` sent at `unix_seconds`.
std::string WebhookSignature(std::string_view secret, int64_t unix_seconds,
                             std::string_view body);

}  // namespace keytrail::app

#endif  // KEYTRAIL_APP_WEBHOOK_SIGNATURE_H_
