// VerifySecret(): the verification hot path of docs/api.md §4, without HTTP.
//
//   CheckSecretFormat (MALFORMED, no lookup) -> SHA-256 -> VerifyIndex
//   (one shard's shared lock) -> the domain's Verify() over the token's
//   snapshot.
//
// No disk read, no lock shared by all threads; the allocations are the
// permission list of a VALID answer. The secret is never copied, logged or
// returned.
//
// Thread safety: safe from any thread.
#ifndef KEYTRAIL_ROUTES_VERIFIER_H_
#define KEYTRAIL_ROUTES_VERIFIER_H_

#include <memory>
#include <string>
#include <string_view>

#include "domain/verification.h"
#include "http/request.h"
#include "projections/verify_index.h"

namespace keytrail::http {

struct VerifyOutcome {
  VerifyDecision decision;  // decision.code is the answer
  // The token the secret belongs to; null for MALFORMED and NOT_FOUND.
  std::shared_ptr<const projections::VerifySnapshot> snapshot;
};

// `client_ip`: the caller's IP as ClientIp() gives it (FORBIDDEN_IP).
VerifyOutcome VerifySecret(const projections::VerifyIndex& index,
                           std::string_view secret, std::string_view account,
                           std::string_view permission,
                           std::string_view client_ip, Micros now);

// The secret a verification presents in its headers: `x-api-key`, else
// `Authorization: Bearer <secret>`; empty when neither is there.
std::string_view SecretFromHeaders(const Request& request);

}  // namespace keytrail::http

#endif  // KEYTRAIL_ROUTES_VERIFIER_H_
