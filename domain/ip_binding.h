// IP binding (docs/api.md §4 "IP binding", Vault's token_bound_cidrs): the
// CIDR lists a token and its groups set, and the check a verification makes
// against the client IP.
//
//   ParseIpAddress  "203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7"
//                   (an IPv4-mapped IPv6 address reads as its IPv4 address);
//   ParseCidr       "203.0.113.0/24", "2001:db8::/32", or an address alone
//                   (a /32 or /128); host bits must be zero;
//   NormalizeCidrs  the canonical text of a list, each CIDR once, sorted:
//                   what the events carry.
//   IpBinding       one CIDR list per binder (the token, each of its
//                   groups); an IP passes when every list holds it. An empty
//                   binding allows every IP; an IP that does not parse
//                   passes no list.
//
// Pure and thread-safe; values intentionally copyable.
#ifndef KEYTRAIL_DOMAIN_IP_BINDING_H_
#define KEYTRAIL_DOMAIN_IP_BINDING_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/state_view.h"
#include "domain/validation.h"

namespace keytrail {

// At most this many CIDRs in one list (a token's or a group's).
inline constexpr size_t kMaxBoundCidrs = 100;

// An IPv4 address is held as its IPv4-mapped IPv6 form (::ffff:a.b.c.d).
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool v4 = false;
};

struct Cidr {
  IpAddress network;
  int prefix = 0;  // 0..32 for IPv4, 0..128 for IPv6

  bool Contains(const IpAddress& ip) const;
  std::string ToString() const;
};

std::optional<IpAddress> ParseIpAddress(std::string_view text);
std::optional<Cidr> ParseCidr(std::string_view text);

// Validates `cidrs` (at most kMaxBoundCidrs, each a CIDR) and returns their
// canonical text, sorted and deduplicated; adds errors under `field`.
std::vector<std::string> NormalizeCidrs(FieldErrors& errors,
                                        std::string_view field,
                                        const std::vector<std::string>& cidrs);

class IpBinding {
 public:
  // Adds the list of one binder; an empty list binds nothing. `cidrs` are
  // canonical (from an event); one that does not parse is skipped.
  void AddList(const std::vector<std::string>& cidrs);
  bool empty() const { return lists_.empty(); }
  // Whether `client_ip` is in every list.
  bool Allows(std::string_view client_ip) const;

 private:
  std::vector<std::vector<Cidr>> lists_;
};

// The binding of `token`: its own list and that of each group it takes
// permissions from (a group token's groups, a personal token's user's
// groups), as `view` holds them.
IpBinding IpBindingOf(const TokenState& token, const StateView& view);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_IP_BINDING_H_
