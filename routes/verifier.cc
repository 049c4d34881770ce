#include "routes/verifier.h"

#include "base/sha256.h"
#include "domain/secret.h"
#include "http/headers.h"

namespace keytrail::http {

VerifyOutcome VerifySecret(const projections::VerifyIndex& index,
                           app::RateLimiter* limiter,
                           app::CreditLeases* credits, std::string_view secret,
                           std::string_view account,
                           std::string_view permission,
                           std::string_view client_ip, Micros now,
                           bool may_block) {
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
  request.client_ip = client_ip;
  request.now = now;
  outcome.decision = VerifyCredentials(
      request, projections::SnapshotStateView(*outcome.snapshot));
  app::RateLimiter::Buckets buckets = outcome.snapshot->rate_buckets();
  if (outcome.decision.valid() && limiter != nullptr && !buckets.empty()) {
    outcome.rate = limiter->Take(buckets, now);
    if (!outcome.rate->allowed) {
      outcome.decision = VerifyDecision{};
      outcome.decision.code = VerifyCode::kRateLimited;
    }
  }
  // Last, so that a call refused for any other reason spends no credit.
  if (outcome.decision.valid() && credits != nullptr &&
      outcome.snapshot->credits() != nullptr) {
    outcome.credits = credits->Spend(*outcome.snapshot, now, may_block);
    if (!outcome.credits) {
      if (outcome.rate) limiter->GiveBack(buckets);
      outcome.rate.reset();
      outcome.must_block = true;
      return outcome;
    }
    if (!outcome.credits->allowed) {
      outcome.decision = VerifyDecision{};
      outcome.decision.code = VerifyCode::kUsageExceeded;
    }
  }
  return outcome;
}

std::string_view SecretFromHeaders(const Request& request) {
  if (std::optional<std::string_view> key = request.Header("x-api-key")) {
    return *key;
  }
  if (std::optional<std::string_view> authorization =
          request.Header("Authorization")) {
    return BearerCredentials(*authorization).value_or(std::string_view());
  }
  return {};
}

}  // namespace keytrail::http
