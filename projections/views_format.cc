// The binary image of Views (Serialize / Deserialize), a cereal binary
// archive (host byte order; the image is a cache of the log on this
// machine, never exchanged):
//
//   image      := uint32 kViewsFormatVersion
//                 uint64 applied_seq  int64 last_event_time
//                 list(AccountState) list(GroupState) list(UserState)
//                 list(TokenState) list(GrantState)
//                 list(retired)  list(idempotency)
//   list(X)    := uint64 count, count × X, sorted by id (or key)
//   retired    := string sha256_hex, string token_id
//   idempotency:= string key, string stream, uint64 first_seq,
//                 uint64 last_seq, int64 time
//   X          := the fields of the state struct in declaration order
//                 (Fields() below); Plan, AccountSettings, Actor and
//                 WebhookSubscription inline; RateLimit as its event field
//                 list (domain/event_fields.h).
//
// Sorting by id makes the image a function of the state alone, so a view
// rebuilt from the log and one restored from a checkpoint and fed the tail
// serialize to the same bytes. Any change to a state struct changes the
// image: update Fields() and bump kViewsFormatVersion (the sizeof checks
// below catch a field added to the domain's structs).
#include <algorithm>
#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <exception>
#include <streambuf>

#include "domain/payload.h"  // RateLimit's field list, for cereal
#include "projections/views.h"
#include "projections/views_internal.h"

namespace keytrail {

// A webhook of AccountState, inline: id, url, events, subscribed_seq,
// created_at.
template <typename Ar>
void serialize(Ar& ar, WebhookSubscription& webhook) {
  ar(webhook.id, webhook.url, webhook.events, webhook.subscribed_seq,
     webhook.created_at);
}

}  // namespace keytrail

namespace keytrail::projections {
namespace {

// 2: TokenState holds its secret hashes as raw digests.
// 3: AccountState holds the expiry policy (max_token_ttl_days), the token
//    prefix and the webhooks; TokenRareFields the secret prefix and
//    environment; a token's metadata and bound_cidrs, a group's bound_cidrs.
// 4: a token's rate limit and identity, a group's rate limit.
// 5: both of the above in one image (the two were built side by side).
// 6: a token's credits (pool, leased, refill, generation, period) and
//    its last expiry warning (TokenExpiring).
constexpr uint32_t kViewsFormatVersion = 6;

static_assert(sizeof(AccountState) == 248, "AccountState changed: see top");
static_assert(sizeof(GroupState) == 216, "GroupState changed: see top");
static_assert(sizeof(UserState) == 216, "UserState changed: see top");
static_assert(sizeof(TokenState) == 368, "TokenState changed: see top");
static_assert(sizeof(GrantState) == 184, "GrantState changed: see top");

// `S` is a state struct, const when saving.
template <typename Ar, typename S>
void Fields(Ar& ar,
            S& s) requires std::same_as<std::remove_const_t<S>, AccountState> {
  ar(s.id, s.name, s.plan.name, s.plan.api_access, s.plan.max_active_tokens,
     s.settings.default_token_ttl_days, s.settings.secret_visibility,
     s.max_token_ttl_days, s.token_prefix, s.webhooks, s.created_at,
     s.updated_at, s.version, s.stream_version);
}

template <typename Ar, typename S>
void Fields(Ar& ar,
            S& s) requires std::same_as<std::remove_const_t<S>, GroupState> {
  ar(s.id, s.account_id, s.name, s.type, s.permissions, s.bound_cidrs,
     s.rate_limit, s.deleted, s.created_at, s.updated_at, s.version,
     s.stream_version);
}

template <typename Ar, typename S>
void Fields(Ar& ar,
            S& s) requires std::same_as<std::remove_const_t<S>, UserState> {
  ar(s.id, s.account_id, s.email, s.name, s.groups, s.licenses, s.active,
     s.created_at, s.updated_at, s.version, s.stream_version);
}

// Loading, `actors` (required) gives created_by/updated_by their shared
// copies as they are read.
template <typename Ar, typename S>
void Fields(Ar& ar, S& s, ActorPool* actors = nullptr) requires
    std::same_as<std::remove_const_t<S>, TokenState> {
  ar(s.id, s.account_id, s.name, s.kind, s.status, s.groups, s.user_id,
     s.expires_at, s.secret_sha256, s.last4);
  if constexpr (std::is_const_v<S>) {
    const TokenRareFields& rare = *s.rare;
    ar(rare.description, rare.disabled_reason, rare.previous_secret_sha256,
       rare.previous_valid_until, rare.secret_prefix, rare.environment,
       rare.metadata, rare.bound_cidrs, rare.rate_limit, rare.rate_identity,
       rare.credits, rare.credits_leased, rare.credits_refill,
       rare.credits_version, rare.credits_period, rare.expiry_warned_for,
       rare.expiry_warned_within);
  } else {
    s.rare.Update([&](TokenRareFields& rare) {
      ar(rare.description, rare.disabled_reason, rare.previous_secret_sha256,
         rare.previous_valid_until, rare.secret_prefix, rare.environment,
         rare.metadata, rare.bound_cidrs, rare.rate_limit, rare.rate_identity,
         rare.credits, rare.credits_leased, rare.credits_refill,
         rare.credits_version, rare.credits_period, rare.expiry_warned_for,
         rare.expiry_warned_within);
    });
  }
  if constexpr (std::is_const_v<S>) {
    ar(s.created_at, ActorIdText(s.created_by), s.updated_at,
       ActorIdText(s.updated_by));
  } else {
    std::string created_by, updated_by;
    ar(s.created_at, created_by, s.updated_at, updated_by);
    s.created_by = actors->Intern(created_by);
    s.updated_by = actors->Intern(updated_by);
  }
  ar(s.last_used_at, s.last_used_ip, s.use_count, s.version, s.stream_version);
}

template <typename Ar, typename S>
void Fields(Ar& ar,
            S& s) requires std::same_as<std::remove_const_t<S>, GrantState> {
  ar(s.id, s.account_id, s.token_id, s.token_account_id, s.groups, s.removed,
     s.created_at, s.version, s.stream_version);
}

template <typename Ar>
void Fields(Ar& ar, const IdempotencyRecord& r) {
  ar(r.stream, r.first_seq, r.last_seq, r.time);
}
template <typename Ar>
void Fields(Ar& ar, IdempotencyRecord& r) {
  ar(r.stream, r.first_seq, r.last_seq, r.time);
}

// Appends everything written to a std::string (no copy at the end, unlike
// std::ostringstream::str()).
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_.append(s, static_cast<size_t>(n));
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) out_.push_back(static_cast<char>(c));
    return c;
  }

 private:
  std::string& out_;
};

// Reads from memory it does not own.
class MemorySource : public std::streambuf {
 public:
  explicit MemorySource(std::string_view in) {
    char* begin = const_cast<char*>(in.data());  // never written through
    setg(begin, begin, begin + in.size());
  }
};

template <typename Map>
void SaveSorted(cereal::BinaryOutputArchive& ar, const Map& map) {
  using T = typename Map::mapped_type;
  std::vector<const typename Map::value_type*> sorted;
  sorted.reserve(map.size());
  for (const auto& entry : map) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  ar(static_cast<uint64_t>(sorted.size()));
  for (const auto* entry : sorted) {
    if constexpr (std::is_same_v<T, IdempotencyRecord>) ar(entry->first);
    Fields(ar, entry->second);
  }
}

template <typename T>
void LoadList(cereal::BinaryInputArchive& ar, IdMap<T>& map) {
  uint64_t count = 0;
  ar(count);
  for (uint64_t i = 0; i < count; ++i) {
    T value;
    std::string key;
    if constexpr (std::is_same_v<T, IdempotencyRecord>) ar(key);
    Fields(ar, value);
    if constexpr (!std::is_same_v<T, IdempotencyRecord>) key = value.id;
    map.insert_or_assign(std::move(key), std::move(value));
  }
}

void LoadList(cereal::BinaryInputArchive& ar, TokenTable& tokens,
              ActorPool& actors) {
  uint64_t count = 0;
  ar(count);
  for (uint64_t i = 0; i < count; ++i) {
    TokenState token;
    Fields(ar, token, &actors);
    tokens.Put(std::move(token));
  }
}

}  // namespace

std::string Views::Serialize() const {
  std::string out;
  SerializeTo(out);
  return out;
}

void Views::SerializeTo(std::string& out) const {
  StringSink sink(out);
  std::ostream stream(&sink);
  SerializeTo(stream);
}

bool Views::SerializeTo(std::ostream& out) const {
  {
    cereal::BinaryOutputArchive ar(out);
    ar(kViewsFormatVersion, state_.applied_seq, state_.last_event_time);
    SaveSorted(ar, state_.accounts);
    SaveSorted(ar, state_.groups);
    SaveSorted(ar, state_.users);
    SaveSorted(ar, state_.tokens);
    SaveSorted(ar, state_.grants);
    std::vector<std::pair<std::string, const std::string*>> retired;
    retired.reserve(state_.retired_secrets.size());
    for (const auto& [key, token_id] : state_.retired_secrets) {
      retired.emplace_back(Sha256DigestHex(key), &token_id);
    }
    std::sort(retired.begin(), retired.end());
    ar(static_cast<uint64_t>(retired.size()));
    for (const auto& [hex, token_id] : retired) ar(hex, *token_id);
    SaveSorted(ar, state_.idempotency);
  }
  out.flush();
  return out.good();
}

Result<Views> Views::Deserialize(std::string_view bytes) {
  MemorySource source(bytes);
  std::istream stream(&source);
  return Deserialize(stream);
}

Result<Views> Views::Deserialize(std::istream& in) {
  Views views;
  State& state = views.state_;
  try {
    cereal::BinaryInputArchive ar(in);
    uint32_t version = 0;
    ar(version);
    if (version != kViewsFormatVersion) {
      return Error::Make(ErrorCode::kCorruption,
                         "views image of format " + std::to_string(version) +
                             ", expected " +
                             std::to_string(kViewsFormatVersion));
    }
    ar(state.applied_seq, state.last_event_time);
    LoadList(ar, state.accounts);
    LoadList(ar, state.groups);
    LoadList(ar, state.users);
    LoadList(ar, state.tokens, views.actors_);
    LoadList(ar, state.grants);
    uint64_t retired = 0;
    ar(retired);
    for (uint64_t i = 0; i < retired; ++i) {
      std::string hex, token_id;
      ar(hex, token_id);
      std::optional<SecretKey> key = ParseSha256Hex(hex);
      if (!key) throw std::runtime_error("bad retired secret");
      state.retired_secrets.insert_or_assign(*key, std::move(token_id));
    }
    LoadList(ar, state.idempotency);
  } catch (const std::exception& e) {
    return Error::Make(ErrorCode::kCorruption,
                       std::string("views image is damaged: ") + e.what());
  }
  if (in.peek() != std::istream::traits_type::eof()) {
    return Error::Make(ErrorCode::kCorruption,
                       "views image has trailing bytes");
  }
  views.Reindex();
  return views;
}

}  // namespace keytrail::projections
