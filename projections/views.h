// Views: the read model of keytrail, the current state of every aggregate
// folded from the log, plus the derived indexes the API and verification
// read (secret hash -> token, tokens of an account, personal tokens of a
// user, group usage, users by email, grants by token).
//
// Apply() is a fold: it uses the domain's Evolve() for each aggregate and
// does no I/O. The aggregates, the retired-secret map and the
// Idempotency-Key table are the state (Serialize() writes them); every
// other index is derived from them and rebuilt on Deserialize() and copy.
//
// Thread safety: none inside. Concurrent const calls are safe; Apply() must
// not run concurrently with anything else (ProjectionEngine holds a
// shared_mutex for that). Pointers and references returned stay valid until
// the next Apply() or the Views' destruction. Intentionally copyable (a copy
// is a fresh, independent Views; point-in-time reads start from one).
#ifndef KEYTRAIL_PROJECTIONS_VIEWS_H_
#define KEYTRAIL_PROJECTIONS_VIEWS_H_

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "base/sha256.h"
#include "base/string_hash.h"
#include "domain/events.h"
#include "domain/state.h"
#include "eventstore/event_store.h"
#include "projections/actor_pool.h"
#include "projections/cursor.h"
#include "projections/queries.h"
#include "projections/secret_index.h"
#include "projections/token_table.h"

namespace keytrail::projections {

// Look std::string keys up by std::string_view (base/string_hash.h).
template <typename T>
using IdMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

// SHA-256 of a secret, as 32 raw bytes (half the memory of the hex form).
using SecretKey = Sha256Digest;

class Views {
 public:
  Views() = default;
  Views(const Views& other);
  Views& operator=(const Views& other);
  Views(Views&&) noexcept = default;
  Views& operator=(Views&&) noexcept = default;

  // Folds `event`, the decoded payload of `recorded`, into the views.
  // REQUIRES: recorded.seq > applied_seq(), in seq order.
  void Apply(const eventstore::RecordedEvent& recorded, const Event& event);

  // The seq of the last event applied (0: none).
  uint64_t applied_seq() const { return state_.applied_seq; }
  // The latest `time` of the events applied (0: none).
  Micros last_event_time() const { return state_.last_event_time; }

  // Accounts, groups, users, tokens and grants held (deleted ones too).
  size_t aggregate_count() const;

  // The aggregate with this id, or nullptr. Deleted groups, removed grants
  // and revoked tokens are still here (with their flag or status set).
  const AccountState* account(std::string_view id) const;
  const GroupState* group(std::string_view id) const;
  const UserState* user(std::string_view id) const;
  const TokenState* token(std::string_view id) const;
  const GrantState* grant(std::string_view id) const;

  // The token whose current secret, or previous one inside its grace
  // period at `now`, or a retired one, has this SHA-256. nullopt when none
  // has.
  std::optional<SecretMatch> FindSecret(const SecretKey& sha256,
                                        Micros now) const;
  // Calls fn(hash, token id) for every secret a regenerate retired (those
  // FindSecret() may answer kRetired for), in no particular order; for
  // indexes kept outside the views (projections/verify_index.h).
  void ForEachRetiredSecret(
      const std::function<void(const SecretKey&, const std::string&)>& fn)
      const;

  // Every token of `account_id` / personal token of `user_id`, revoked ones
  // included, in no particular order.
  const std::vector<const TokenState*>& tokens_of_account(
      std::string_view account_id) const;
  const std::vector<const TokenState*>& personal_tokens(
      std::string_view user_id) const;

  // Every user / grant (removed ones included) of `account_id`.
  const std::vector<const UserState*>& users_of_account(
      std::string_view account_id) const;
  const std::vector<const GrantState*>& grants_of_account(
      std::string_view account_id) const;

  GroupUsage group_usage(std::string_view group_id) const;

  // The user of `account_id` with this email (compared case-insensitively).
  const UserState* user_by_email(std::string_view account_id,
                                 std::string_view email) const;

  // The grant (not removed) by which `granting_account` lets `token_id` act
  // in it, or nullptr.
  const GrantState* grant_for(std::string_view granting_account,
                              std::string_view token_id) const;

  // The events appended under Idempotency-Key `key` within
  // kIdempotencyWindow before `now`, or nullptr. A key stored with the
  // events as "<scoped key>:<request hash>" is found both under the whole
  // text (same request: a replay) and under the scoped key alone (the key
  // is taken, whatever the request).
  const IdempotencyRecord* idempotency_record(std::string_view key,
                                              Micros now) const;

  // Every token of every account (`_system` included) by its effective
  // status at `now`: one pass over the tokens, under the caller's read
  // lock: for a metrics scrape, not a request.
  TokenStatusCounts CountTokensByStatus(Micros now) const;

  // Lists (docs/api.md §3), paginated by cursor.h. Tokens as TokenQuery says;
  // groups (not deleted), users and grants (not removed) of `account_id` by
  // created_at ascending. kInvalid for a bad cursor or status.
  Result<Page<TokenState>> ListTokens(const TokenQuery& query) const;
  // Every account but `_system`, by created_at ascending (operator only).
  Result<Page<AccountState>> ListAccounts(const PageRequest& page) const;
  Result<Page<GroupState>> ListGroups(std::string_view account_id,
                                      const PageRequest& page) const;
  Result<Page<UserState>> ListUsers(std::string_view account_id,
                                    const PageRequest& page) const;
  Result<Page<GrantState>> ListGrants(std::string_view account_id,
                                      const PageRequest& page) const;

  // A deterministic binary image of the state (byte-identical for equal
  // states, however they were reached); see views_format.cc.
  std::string Serialize() const;
  // Appends the same image to `out`.
  void SerializeTo(std::string& out) const;
  // Writes the same image to `out` (a checkpoint streams it in chunks,
  // never holding it whole). False when the stream failed.
  bool SerializeTo(std::ostream& out) const;
  // kCorruption when `bytes` is not an image written by Serialize() of this
  // format version.
  static Result<Views> Deserialize(std::string_view bytes);
  // The same, reading the image from `in` up to its end.
  static Result<Views> Deserialize(std::istream& in);

 private:
  // What Serialize() writes; everything else is derived from it.
  struct State {
    IdMap<AccountState> accounts;
    IdMap<GroupState> groups;
    IdMap<UserState> users;
    TokenTable tokens;
    IdMap<GrantState> grants;
    // Secrets a token had before a regenerate: hash -> token id.
    std::unordered_map<SecretKey, std::string, Sha256DigestHash>
        retired_secrets;
    IdMap<IdempotencyRecord> idempotency;
    uint64_t applied_seq = 0;
    Micros last_event_time = 0;
  };
  // Derived indexes; the pointers point into state_'s map nodes.
  struct Indexes {
    SecretIndex secrets;
    IdMap<std::vector<const TokenState*>> tokens_by_account;
    IdMap<std::vector<const TokenState*>> tokens_by_user;
    IdMap<std::vector<const GroupState*>> groups_by_account;
    IdMap<std::vector<const UserState*>> users_by_account;
    IdMap<std::vector<const GrantState*>> grants_by_account;
    IdMap<GroupUsage> group_usage;
    IdMap<const UserState*> user_by_email;    // account '\n' lower(email)
    IdMap<const GrantState*> grant_by_token;  // account '\n' token id
    // Every Idempotency-Key record by (time, key), oldest first: a record
    // kIdempotencyWindow older than the newest idempotent event is pruned
    // (RecordIdempotencyKey), so the table holds one window of keys and a
    // rebuild and a checkpoint reload prune the same ones.
    std::set<std::pair<Micros, std::string>> idempotency_by_time;
    // The token the last token event went to: usage comes in runs of one
    // token, and a hit skips the map lookup (the fold's hottest line).
    TokenState* last_token = nullptr;
  };

  // Folds `event` into aggregate `id` of `map` with Evolve(), keeping the
  // indexes up to date. Tokens have their own (hot, secret-retiring) path.
  template <typename T>
  void Fold(IdMap<T>& map, const std::string& id, bool creates,
            const Event& event);
  void FoldToken(const std::string& id, bool creates, bool index_neutral,
                 const Event& event);
  void RecordIdempotencyKey(std::string_view key,
                            const eventstore::RecordedEvent& recorded);

  // Add (+1) or remove (-1) an aggregate's entries in the indexes whose
  // content can change with its events.
  void Index(const AccountState&, int) {}
  void Index(const GroupState&, int) {}
  void Index(const TokenState& token, int sign);
  void Index(const UserState& user, int sign);
  void Index(const GrantState& grant, int sign);
  // Index entries that never change once the aggregate exists.
  void AddToLists(const AccountState&) {}
  void AddToLists(const TokenState& token);
  void AddToLists(const GroupState& group);
  void AddToLists(const UserState& user);
  void AddToLists(const GrantState& grant);
  // Rebuilds indexes_ from state_.
  void Reindex();

  State state_;
  Indexes indexes_;
  ActorPool actors_;  // what state_'s tokens' created_by/updated_by share
  EventMeta meta_;    // scratch for Apply(): reuses its strings' capacity
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_VIEWS_H_
