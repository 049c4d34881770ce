#include "routes/verifier.h"

#include "domain/secret.h"
#include "base/sha256.h"

namespace keytrail::http {

VerifyOutcome VerifySecret(const VerifyIndex& index, std::string_view secret,
                           std::string_view account,
                           std::string_view permission, Micros now) {
  VerifyOutcome outcome;
  if (CheckSecretFormat(secret) != SecretFormat::kOk) {
    outcome.decision.code = VerifyCode::kMalformed;
    return outcome;
  }
  const projections::SecretKey key = Sha256DigestOf(secret);
  outcome.snapshot = index.Find(key);
  if (outcome.snapshot == nullptr) {
    outcome.decision.code = VerifyCode::kNotFound;
    return outcome;
  }
  const TokenCredentials credentials = outcome.snapshot->credentials();
  CredentialsVerifyRequest request;
  request.token = &credentials;
  request.secret_sha256 = key;
  request.account = account;
  request.permission = permission;
  request.now = now;
  outcome.decision =
      VerifyCredentials(request, SnapshotStateView(*outcome.snapshot));
  return outcome;
}

std::string_view SecretFromHeaders(const Request& request) {
  if (std::optional<std::string_view> key = request.Header("x-api-key")) {
    return *key;
  }
  if (std::optional<std::string_view> authorization =
          request.Header("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization->starts_with(kBearer)) {
      return authorization->substr(kBearer.size());
    }
  }
  return {};
}

}  // namespace keytrail::http
