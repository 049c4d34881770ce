// The verification decision (docs/api.md §4), as a pure function of the state.
// The caller parses the secret first (CheckSecretFormat: MALFORMED without
// any lookup), hashes it, finds the token that has or had a secret with that
// hash in its in-memory index (which keeps the hashes that regenerate
// retired), and asks Verify() for the rest.
//
// Checks, in this order; the first that fails is the answer:
//   NOT_FOUND      no token has or had this secret;
//   REVOKED        the token is revoked, or the secret is not its current
//                  one: retired by a regenerate, and either without a grace
//                  period or past it (Apresenta.me "Gerar novamente": the
//                  old value stops working at once);
//   DISABLED       the token's own status is disabled (Pingback "Desativar");
//   EXPIRED        expires_at <= now;
//   PLAN_DISABLED  the token's account has no api_access (Pingback Free);
//   USER_INACTIVE  a personal token whose user is inactive (Tiflux);
//   (RATE_LIMITED  decided after VALID by the caller's buckets, see
//                  domain/rate_limit.h: only a call that would be VALID
//                  spends a call of a bucket;)
//   FORBIDDEN_IP   the client IP is outside the CIDRs the token or one of
//                  the groups it takes permissions from binds it to
//                  (domain/ip_binding.h, Vault's token_bound_cidrs);
//   FORBIDDEN      no access to the requested account: not its own, no grant
//                  of that account to this token (VTEX third-party keys), and
//                  not an operator token ("_system" with "*"); PLAN_DISABLED
//                  instead when the granting account has no api_access;
//   FORBIDDEN      the permissions lack the requested one;
//   VALID          with the permissions that apply in that account.
//
// Two entry points decide the same way: one over a TokenState (the
// management API, tests), one over TokenCredentials, the compact form an
// in-memory verification index keeps per token (raw digests, strings by
// reference).
//
// Thread safety: pure; safe to call concurrently while `view` is not
// being changed. Allocates only the permission list.
#ifndef KEYTRAIL_DOMAIN_VERIFICATION_H_
#define KEYTRAIL_DOMAIN_VERIFICATION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "domain/ip_binding.h"
#include "domain/state.h"
#include "domain/state_view.h"

namespace keytrail {

enum class VerifyCode {
  kValid,
  kMalformed,  // decided before Verify(), by CheckSecretFormat()
  kNotFound,
  kRevoked,
  kDisabled,
  kExpired,
  kUserInactive,
  kPlanDisabled,
  kForbidden,
  kForbiddenIp,
  kRateLimited,    // decided after Verify(), by the rate limiter
  kUsageExceeded,  // decided last, by the node's credit lease
};

// The last VerifyCode (for tables indexed by code).
inline constexpr VerifyCode kLastVerifyCode = VerifyCode::kUsageExceeded;

// "VALID", "MALFORMED", "NOT_FOUND", ... as in docs/api.md §4.
std::string_view ToString(VerifyCode code);

struct VerifyRequest {
  // The token found by the secret's hash (current or retired); nullptr when
  // none has or had it.
  const TokenState* token = nullptr;
  Sha256Digest secret_sha256{};  // SHA-256 of the presented secret
  std::string_view account;      // requested account; "" = the token's own
  std::string_view permission;   // requested permission; "" = none
  Micros now = 0;
  std::string_view client_ip;  // the caller's IP (FORBIDDEN_IP)
};

struct VerifyDecision {
  VerifyCode code = VerifyCode::kNotFound;
  // VALID only: the account access was decided for, and the permissions
  // that apply there (sorted, deduplicated).
  std::string account;
  std::vector<std::string> permissions;
  // VALID only: the presented secret is the previous one, within its grace.
  bool previous_secret = false;

  bool valid() const { return code == VerifyCode::kValid; }
};

VerifyDecision Verify(const VerifyRequest& request, const StateView& view);

// What Verify() reads of a token, and nothing else. The strings and
// `groups` are borrowed: they must outlive the call.
struct TokenCredentials {
  std::string_view id;
  std::string_view account_id;
  std::string_view user_id;  // personal tokens
  // Group tokens: the token's groups; nullptr reads as none.
  const std::vector<std::string>* groups = nullptr;
  TokenKind kind = TokenKind::kGroup;
  TokenStatus status = TokenStatus::kActive;
  bool has_previous_secret = false;
  std::optional<Micros> expires_at;
  Sha256Digest secret_sha256{};           // current secret
  Sha256Digest previous_secret_sha256{};  // when has_previous_secret
  std::optional<Micros> previous_valid_until;
  // The token's IP binding; nullptr reads as none.
  const IpBinding* ip_binding = nullptr;
};

struct CredentialsVerifyRequest {
  // As VerifyRequest::token.
  const TokenCredentials* token = nullptr;
  Sha256Digest secret_sha256{};  // SHA-256 of the presented secret
  std::string_view account;      // requested account; "" = the token's own
  std::string_view permission;   // requested permission; "" = none
  Micros now = 0;
  std::string_view client_ip;  // the caller's IP (FORBIDDEN_IP)
};

// Verify() over TokenCredentials (a distinct name: a braced VerifyRequest
// would be ambiguous between overloads).
VerifyDecision VerifyCredentials(const CredentialsVerifyRequest& request,
                                 const StateView& view);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_VERIFICATION_H_
