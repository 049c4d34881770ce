// VerifySecret(): the verification hot path of docs/api.md §4, without HTTP.
//
//   CheckSecretFormat (MALFORMED, no lookup) -> SHA-256 -> VerifyIndex
//   (one shard's shared lock) -> the domain's Verify() over the token's
//   snapshot -> for a VALID token with rate limits, one call from each of
//   its buckets (app/rate_limiter.h: one spin lock per bucket) -> for a
//   VALID token with credits, one credit of this node's lease
//   (app/credit_leases.h: the lease hangs off the token's slot; one lock of
//   that token; an append once per block).
//
// No disk read, no lock shared by all threads (a credit lease's append,
// once per block, is the one write, and only where the caller may block:
// on an I/O thread the answer is "must block" instead, having spent
// nothing); the allocations are the permission list of a VALID answer. The
// secret is never copied, logged or returned.
//
// Thread safety: safe from any thread.
#ifndef KEYTRAIL_ROUTES_VERIFIER_H_
#define KEYTRAIL_ROUTES_VERIFIER_H_

#include <memory>
#include <string>
#include <string_view>

#include "app/credit_leases.h"
#include "app/rate_limiter.h"
#include "domain/verification.h"
#include "http/request.h"
#include "projections/verify_index.h"

namespace keytrail::http {

struct VerifyOutcome {
  VerifyDecision decision;  // decision.code is the answer
  // What the token's rate-limit buckets answered (VALID or RATE_LIMITED,
  // for a token with a limit); nullopt otherwise.
  std::optional<RateDecision> rate;
  // What the token's credits answered (VALID or USAGE_EXCEEDED, for a
  // token with credits that got that far); nullopt otherwise.
  std::optional<app::CreditDecision> credits;
  // The token the secret belongs to; null for MALFORMED and NOT_FOUND.
  std::shared_ptr<const projections::VerifySnapshot> snapshot;
  // No answer yet: the credit needs a lease's append and `may_block` was
  // false. Nothing was spent; call again where blocking is allowed.
  bool must_block = false;
};

// `client_ip`: the caller's IP as ClientIp() gives it (FORBIDDEN_IP).
// `limiter` (may be null: no limits) holds the buckets a VALID call of a
// token with rate limits spends; an empty one turns VALID into
// RATE_LIMITED. `credits` (may be null: unlimited) spends one credit of a
// VALID, not rate-limited call of a token with credits; none left turns it
// into USAGE_EXCEEDED. `may_block`: whether this thread may wait for a
// lease's append (a worker's may, an I/O thread's may not).
VerifyOutcome VerifySecret(const projections::VerifyIndex& index,
                           app::RateLimiter* limiter,
                           app::CreditLeases* credits, std::string_view secret,
                           std::string_view account,
                           std::string_view permission,
                           std::string_view client_ip, Micros now,
                           bool may_block);

// The secret a verification presents in its headers: `x-api-key`, else
// `Authorization: Bearer <secret>`; empty when neither is there.
std::string_view SecretFromHeaders(const Request& request);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_VERIFIER_H_
