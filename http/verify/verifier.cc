#include "http/verify/verifier.h"

#include <openssl/sha.h>

#include "domain/secret.h"

namespace keytrail::http {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

}  // namespace

VerifyOutcome VerifySecret(const VerifyIndex& index, std::string_view secret,
                           std::string_view account,
                           std::string_view permission, Micros now) {
  VerifyOutcome outcome;
  if (CheckSecretFormat(secret) != SecretFormat::kOk) {
    outcome.decision.code = VerifyCode::kMalformed;
    return outcome;
  }
  projections::SecretKey key;
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
         key.data());
  outcome.snapshot = index.Find(key);
  if (outcome.snapshot == nullptr) {
    outcome.decision.code = VerifyCode::kNotFound;
    return outcome;
  }
  // Verify() compares the hex form the token state holds.
  char hex[2 * sizeof(key)];
  for (size_t i = 0; i < key.size(); ++i) {
    hex[2 * i] = kHexDigits[key[i] >> 4];
    hex[2 * i + 1] = kHexDigits[key[i] & 0x0f];
  }
  VerifyRequest request;
  request.token = &outcome.snapshot->token;
  request.secret_sha256 = std::string_view(hex, sizeof(hex));
  request.account = account;
  request.permission = permission;
  request.now = now;
  outcome.decision = Verify(request, SnapshotStateView(*outcome.snapshot));
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
