#include "domain/ip_binding.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

#include "domain/permissions.h"

namespace keytrail {
namespace {

constexpr size_t kMaxAddressText = 45;  // INET6_ADDRSTRLEN - 1

void MapV4(IpAddress& ip, const uint8_t* v4) {
  ip.bytes.fill(0);
  ip.bytes[10] = 0xff;
  ip.bytes[11] = 0xff;
  std::copy(v4, v4 + 4, ip.bytes.begin() + 12);
  ip.v4 = true;
}

bool IsV4Mapped(const std::array<uint8_t, 16>& bytes) {
  for (int i = 0; i < 10; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

// The prefix length in the 128-bit form.
int Prefix128(const Cidr& cidr) {
  return cidr.network.v4 ? cidr.prefix + 96 : cidr.prefix;
}

bool SameBits(const IpAddress& a, const IpAddress& b, int bits) {
  int i = 0;
  for (; bits >= 8; bits -= 8, ++i) {
    if (a.bytes[i] != b.bytes[i]) return false;
  }
  if (bits == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - bits));
  return (a.bytes[i] & mask) == (b.bytes[i] & mask);
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.empty() || text.size() > kMaxAddressText) return std::nullopt;
  const std::string nul_terminated(text);
  IpAddress ip;
  uint8_t v4[4];
  if (inet_pton(AF_INET, nul_terminated.c_str(), v4) == 1) {
    MapV4(ip, v4);
    return ip;
  }
  if (inet_pton(AF_INET6, nul_terminated.c_str(), ip.bytes.data()) != 1) {
    return std::nullopt;
  }
  ip.v4 = IsV4Mapped(ip.bytes);
  return ip;
}

std::optional<Cidr> ParseCidr(std::string_view text) {
  const size_t slash = text.find('/');
  std::optional<IpAddress> ip = ParseIpAddress(text.substr(0, slash));
  if (!ip) return std::nullopt;
  Cidr cidr{*ip, ip->v4 ? 32 : 128};
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    int prefix = -1;
    auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || digits.size() > 3 || ec != std::errc() ||
        end != digits.data() + digits.size() || prefix < 0 ||
        prefix > cidr.prefix) {
      return std::nullopt;
    }
    cidr.prefix = prefix;
  }
  // Host bits must be zero: "10.0.0.1/8" is more likely a typo than meant.
  IpAddress masked = cidr.network;
  const int bits = Prefix128(cidr);
  for (int i = 0; i < 16; ++i) {
    const int keep = std::clamp(bits - i * 8, 0, 8);
    masked.bytes[i] &= static_cast<uint8_t>(0xff00 >> keep);
  }
  if (masked.bytes != cidr.network.bytes) return std::nullopt;
  return cidr;
}

bool Cidr::Contains(const IpAddress& ip) const {
  if (network.v4 && !ip.v4) return false;
  return SameBits(network, ip, Prefix128(*this));
}

std::string Cidr::ToString() const {
  char text[64] = {};
  if (network.v4) {
    inet_ntop(AF_INET, network.bytes.data() + 12, text, sizeof(text));
  } else {
    inet_ntop(AF_INET6, network.bytes.data(), text, sizeof(text));
  }
  return std::string(text) + "/" + std::to_string(prefix);
}

std::vector<std::string> NormalizeCidrs(FieldErrors& errors,
                                        std::string_view field,
                                        const std::vector<std::string>& cidrs) {
  std::vector<std::string> out;
  if (cidrs.size() > kMaxBoundCidrs) {
    errors.Add(std::string(field),
               "at most " + std::to_string(kMaxBoundCidrs) + " CIDRs");
    return out;
  }
  for (const std::string& text : cidrs) {
    std::optional<Cidr> cidr = ParseCidr(text);
    if (!cidr) {
      errors.Add(std::string(field),
                 "\"" + text.substr(0, 64) +
                     "\" is not an IPv4 or IPv6 CIDR with zero host bits");
      continue;
    }
    out.push_back(cidr->ToString());
  }
  SortUnique(out);
  return out;
}

void IpBinding::AddList(const std::vector<std::string>& cidrs) {
  if (cidrs.empty()) return;
  std::vector<Cidr> list;
  for (const std::string& text : cidrs) {
    if (std::optional<Cidr> cidr = ParseCidr(text)) list.push_back(*cidr);
  }
  lists_.push_back(std::move(list));
}

bool IpBinding::Allows(std::string_view client_ip) const {
  if (lists_.empty()) return true;
  std::optional<IpAddress> ip = ParseIpAddress(client_ip);
  if (!ip) return false;
  for (const std::vector<Cidr>& list : lists_) {
    if (std::none_of(list.begin(), list.end(),
                     [&](const Cidr& cidr) { return cidr.Contains(*ip); })) {
      return false;
    }
  }
  return true;
}

IpBinding IpBindingOf(const TokenState& token, const StateView& view) {
  IpBinding binding;
  binding.AddList(token.rare->bound_cidrs);
  for (const std::string& id : PermissionGroupsOf(token, view)) {
    if (const GroupState* group = view.FindGroup(id)) {
      binding.AddList(group->bound_cidrs);
    }
  }
  return binding;
}

}  // namespace keytrail
