// VerifyIndex: the in-memory index verification reads, secret hash ->
// VerifySnapshot of the token that has or had that secret, kept up to date
// by a ProjectionEngine listener.
//
// Hot path. Find() hashes nothing and reads no disk: it picks one of
// kShards shards by the first bytes of the SHA-256, takes that shard's
// shared lock just long enough to copy a shared_ptr, and returns the
// immutable snapshot. No lock is shared by all threads.
//
// Freshness. The listener runs on the engine's applier thread before the
// engine publishes the event's seq, so once a command's response was sent
// (the command waited for WaitUntilApplied) every later Find() sees its
// effect: revoke, disable, regenerate, user deactivation, plan change,
// group or grant change.
//
// Which snapshots an event rebuilds (fan-out, all rare events):
//   token lifecycle events         that token;
//   account plan / settings        the account's tokens and the tokens it
//                                   granted access to;
//   AccountCreated                 the operator's tokens (they reach it);
//   user updated / (de)activated   the user's personal tokens;
//   group updated / deleted /      tokens bound to it, personal tokens of
//     its CIDRs or rate limit      users holding it, tokens granted it;
//   grant added / removed          the grant's token.
// Usage events change no snapshot. TokenUsed events at or before
// `own_events_after` (appended by an earlier process, replayed while the
// engine catches up) are added to the token's TokenLive; later ones were
// counted live by this process's UsageRecorder already.
//
// Secrets a regenerate replaced stay in the index and point at the token's
// current snapshot; Verify() answers REVOKED for them.
//
// Memory: per token one TokenSlot (id, live usage) in its token shard, one
// compact VerifySnapshot, and one secret-map entry per secret. The index
// holds no copy of a token id: slots and keys view the id inside the
// engine's Views, whose tokens are never dropped or moved
// (projections/token_table.h), so Load() and Apply() must always be given
// the engine's Views, and the engine must outlive the index's readers.
// Slots are never dropped either, which is what lets snapshots point at
// them.
//
// Thread safety: Find(), FindToken() and size() from any thread. Load()
// and Apply() from one thread at a time (the engine's applier; AddListener
// serializes the attach callback with the listener).
#ifndef KEYTRAIL_PROJECTIONS_VERIFY_INDEX_H_
#define KEYTRAIL_PROJECTIONS_VERIFY_INDEX_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/events.h"
#include "eventstore/event_store.h"
#include "projections/projection_engine.h"
#include "projections/verify_snapshot.h"
#include "projections/views.h"

namespace keytrail::projections {

class VerifyIndex {
 public:
  static constexpr size_t kShards = 64;

  // `own_events_after`: the store's head before this process appended any
  // usage event (see the file comment).
  explicit VerifyIndex(uint64_t own_events_after);
  VerifyIndex(const VerifyIndex&) = delete;
  VerifyIndex& operator=(const VerifyIndex&) = delete;

  // Adds the listener to `engine` (which must outlive its listeners) and
  // loads every token from its views first. `self` keeps the index alive
  // as long as the engine may call it.
  static void AttachTo(const std::shared_ptr<VerifyIndex>& self,
                       projections::ProjectionEngine& engine);

  // The snapshot of the token that has or had the secret whose SHA-256 is
  // `key`; nullptr when none has.
  std::shared_ptr<const VerifySnapshot> Find(
      const projections::SecretKey& key) const;
  // The current snapshot of token `id`; nullptr when unknown.
  std::shared_ptr<const VerifySnapshot> FindToken(std::string_view id) const;
  // Tokens indexed.
  size_t size() const { return tokens_indexed_.load(); }

  // Builds the index from `views` (the attach callback).
  void Load(const projections::Views& views);
  // Folds one applied event (the listener). `views` include it.
  void Apply(const projections::Views& views,
             const eventstore::RecordedEvent& recorded, const Event& event);
  // Whether Apply() needs the views for `event` at `seq` (else it may be
  // called with any views, e.g. to skip the engine's read lock).
  bool NeedsViews(uint64_t seq, const Event& event) const;

 private:
  struct TokenEntry {
    explicit TokenEntry(const TokenState& token) : slot(token) {}
    TokenSlot slot;
    std::shared_ptr<const VerifySnapshot> snapshot;
  };
  struct IdHash {
    size_t operator()(std::string_view id) const noexcept {
      return std::hash<std::string_view>{}(id);
    }
  };
  struct SecretShard {
    mutable std::shared_mutex mu;
    std::unordered_map<projections::SecretKey,
                       std::shared_ptr<const VerifySnapshot>, Sha256DigestHash>
        map;  // guarded by mu
  };
  struct TokenShard {
    mutable std::shared_mutex mu;
    // Keys view their entry's slot.id. Guarded by mu.
    std::unordered_map<std::string_view, TokenEntry, IdHash> map;
  };

  SecretShard& SecretShardOf(const projections::SecretKey& key) const;
  TokenShard& TokenShardOf(std::string_view id) const;

  // Rebuilds the snapshot of token `id` and points its secrets (current,
  // previous and retired) at it.
  void Rebuild(const projections::Views& views, const std::string& id);
  void RebuildAll(const projections::Views& views,
                  const std::vector<const TokenState*>& tokens);
  void RebuildGrantedBy(const projections::Views& views,
                        const std::string& account_id);
  void RebuildGroupDependents(const projections::Views& views,
                              const std::string& group_id);
  void AddGrant(const GrantState& grant);
  std::vector<const GrantState*> GrantsOf(const projections::Views& views,
                                          const std::string& token_id) const;

  const uint64_t own_events_after_;
  mutable std::array<SecretShard, kShards> secrets_;
  mutable std::array<TokenShard, kShards> tokens_;
  std::atomic<size_t> tokens_indexed_{0};

  // Applier thread only.
  SnapshotBuilder builder_;
  AccountIds account_ids_;
  projections::IdMap<std::vector<std::string>> grants_by_token_;
  projections::IdMap<std::vector<std::string>> grants_by_account_;
  // Secrets a token no longer has (a regenerate retired them), by token;
  // they stay in secrets_, pointing at the token's current snapshot.
  projections::IdMap<std::vector<projections::SecretKey>> retired_;
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_VERIFY_INDEX_H_
