#include "domain/ip_binding.h"

#include <boost/test/unit_test.hpp>

#include "base/sha256.h"
#include "domain/verification.h"
#include "tests/domain/test_state.h"

namespace keytrail {
namespace {

// "canonical" or "bad" for each of `texts`, space-separated.
std::string Parsed(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& text : texts) {
    std::optional<Cidr> cidr = ParseCidr(text);
    out += (out.empty() ? "" : " ") + (cidr ? cidr->ToString() : "bad");
  }
  return out;
}

// "1" or "0" per IP: whether `binding` allows it.
std::string Allowed(const IpBinding& binding,
                    const std::vector<std::string>& ips) {
  std::string out;
  for (const std::string& ip : ips) out += binding.Allows(ip) ? "1" : "0";
  return out;
}

BOOST_AUTO_TEST_SUITE(IpBindingTest)

BOOST_AUTO_TEST_CASE(ParsesIpv4AndIpv6CidrsAndRefusesHostBits) {
  BOOST_TEST(Parsed({"10.0.0.0/8", "203.0.113.7", "2001:DB8::/32", "::1",
                     "::ffff:10.1.2.0/24", "0.0.0.0/0", "::/0"}) ==
             "10.0.0.0/8 203.0.113.7/32 2001:db8::/32 ::1/128 10.1.2.0/24 "
             "0.0.0.0/0 ::/0");
  BOOST_TEST(Parsed({"10.0.0.1/8", "10.0.0.0/33", "2001:db8::/129", "1.2.3",
                     "10.0.0.0/", "10.0.0.0/+8", "10.0.0.0/08x", "", "host",
                     "fe80::1%eth0", "10.0.0.0/8/8"}) ==
             "bad bad bad bad bad bad bad bad bad bad bad");
}

BOOST_AUTO_TEST_CASE(NormalizeSortsDeduplicatesAndNamesEachBadEntry) {
  FieldErrors errors;
  std::vector<std::string> cidrs = NormalizeCidrs(
      errors, "bound_cidrs", {"10.1.0.0/16", "2001:db8::/32", "10.1.0.0/16"});
  BOOST_TEST(errors.empty());
  BOOST_TEST(cidrs ==
             (std::vector<std::string>{"10.1.0.0/16", "2001:db8::/32"}));
  NormalizeCidrs(errors, "bound_cidrs", {"10.0.0.1/8", "ok?"});
  Status status = errors.ToStatus();
  BOOST_REQUIRE(!status.ok());
  BOOST_TEST(status.error().fields.size() == 2u);
  BOOST_TEST(status.error().fields[0].field == "bound_cidrs");
  FieldErrors too_many;
  NormalizeCidrs(too_many, "bound_cidrs",
                 std::vector<std::string>(kMaxBoundCidrs + 1, "10.0.0.0/8"));
  BOOST_TEST(!too_many.empty());
}

BOOST_AUTO_TEST_CASE(AnIpMustBeInEveryList) {
  IpBinding binding;
  BOOST_TEST(Allowed(binding, {"10.0.0.1", "garbage"}) == "11");
  binding.AddList({"10.0.0.0/8", "2001:db8::/32"});
  binding.AddList({"10.1.0.0/16", "2001:db8::/32"});
  binding.AddList({});  // binds nothing
  BOOST_TEST(Allowed(binding, {"10.1.2.3", "10.2.0.1", "::ffff:10.1.0.9",
                               "2001:db8::5", "2001:db9::5", "192.0.2.1", "",
                               "garbage", "::ffff:192.0.2.1"}) == "101100000");
}

BOOST_AUTO_TEST_CASE(AnIpv4NetworkNeverHoldsAnIpv6Address) {
  IpBinding binding;
  binding.AddList({"0.0.0.0/0"});
  BOOST_TEST(Allowed(binding, {"192.0.2.1", "2001:db8::1", "::"}) == "100");
}

struct BoundFixture : testing::TwoTokensFixture {
  std::string VerifyFrom(const std::string& id, std::string_view ip) {
    VerifyRequest request{state.FindToken(id),
                          Sha256DigestOf(secrets.at(id)),
                          "",
                          "",
                          context.now,
                          ip};
    return std::string(ToString(Verify(request, state).code));
  }
  void BindToken(const std::string& id, std::vector<std::string> cidrs) {
    UpdateTokenInput input;
    input.bound_cidrs = std::move(cidrs);
    Must(UpdateToken(state, "acme", id, input, context));
  }
  void BindGroup(const std::string& id, std::vector<std::string> cidrs) {
    UpdateGroupInput input;
    input.bound_cidrs = std::move(cidrs);
    Must(UpdateGroup(state, "acme", id, input, context));
  }
};

BOOST_FIXTURE_TEST_CASE(TheTokensAndItsGroupsListsBindTheVerification,
                        BoundFixture) {
  BOOST_TEST(VerifyFrom(token, "192.0.2.1") == "VALID");
  BindToken(token, {"10.0.0.0/8"});
  BOOST_TEST(VerifyFrom(token, "10.9.9.9") == "VALID");
  BOOST_TEST(VerifyFrom(token, "192.0.2.1") == "FORBIDDEN_IP");
  BindGroup(api, {"10.1.0.0/16"});
  BOOST_TEST(VerifyFrom(token, "10.9.9.9") == "FORBIDDEN_IP");
  BOOST_TEST(VerifyFrom(token, "10.1.9.9") == "VALID");
  // A personal token answers to its user's groups.
  BindGroup(team, {"2001:db8::/32"});
  BOOST_TEST(VerifyFrom(personal, "2001:db8::7") == "VALID");
  BOOST_TEST(VerifyFrom(personal, "10.1.9.9") == "FORBIDDEN_IP");
  BindToken(token, {});
  BindGroup(api, {});
  BOOST_TEST(VerifyFrom(token, "192.0.2.1") == "VALID");
  BOOST_TEST(state.history().find("TokenBoundCidrsChanged") !=
             std::string::npos);
  BOOST_TEST(state.history().find("GroupBoundCidrsChanged") !=
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(EarlierCodesComeBeforeForbiddenIp, BoundFixture) {
  BindToken(token, {"10.0.0.0/8"});
  Must(DisableToken(state, "acme", token, context));
  BOOST_TEST(VerifyFrom(token, "192.0.2.1") == "DISABLED");
}

BOOST_FIXTURE_TEST_CASE(AnUnchangedListWritesNothingAndABadOneIsInvalid,
                        BoundFixture) {
  BindToken(token, {"10.0.0.0/8"});
  UpdateTokenInput same;
  same.bound_cidrs = std::vector<std::string>{"10.0.0.0/8", "10.0.0.0/8"};
  Result<Events> unchanged = UpdateToken(state, "acme", token, same, context);
  BOOST_REQUIRE(unchanged.ok());
  BOOST_TEST(unchanged->empty());
  UpdateTokenInput bad;
  bad.bound_cidrs = std::vector<std::string>{"10.0.0.1/8"};
  BOOST_TEST(testing::CodeOf(UpdateToken(state, "acme", token, bad, context)) ==
             "INVALID(bound_cidrs)");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail
