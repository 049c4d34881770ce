// StateView: what a decision may read besides the aggregate it changes. The
// caller implements it over its in-memory maps (the projections); the domain
// only reads through it, during one call, and keeps no pointer afterwards.
//
// Find* return nullptr for an unknown id. Deleted groups and removed grants
// may be returned: the domain checks their flags itself. Ids are global, so
// a lookup may return an aggregate of another account; the domain checks
// account_id wherever that matters.
#ifndef KEYTRAIL_DOMAIN_STATE_VIEW_H_
#define KEYTRAIL_DOMAIN_STATE_VIEW_H_

#include <functional>
#include <string_view>

#include "domain/state.h"

namespace keytrail {

class StateView {
 public:
  virtual ~StateView() = default;

  virtual const AccountState* FindAccount(std::string_view id) const = 0;
  virtual const GroupState* FindGroup(std::string_view id) const = 0;
  virtual const UserState* FindUser(std::string_view id) const = 0;
  virtual const TokenState* FindToken(std::string_view id) const = 0;
  virtual const GrantState* FindGrant(std::string_view id) const = 0;
  // The grant of account `account_id` to token `token_id` that is not
  // removed (AddGrant allows one at a time), or nullptr. On the hot path of
  // verification: index it.
  virtual const GrantState* FindActiveGrant(
      std::string_view account_id, std::string_view token_id) const = 0;

  // Call `fn` for every token / user / grant of `account_id`, whatever its
  // status (revoked, inactive, removed included), in any order.
  virtual void ForEachToken(
      std::string_view account_id,
      const std::function<void(const TokenState&)>& fn) const = 0;
  virtual void ForEachUser(
      std::string_view account_id,
      const std::function<void(const UserState&)>& fn) const = 0;
  virtual void ForEachGrant(
      std::string_view account_id,
      const std::function<void(const GrantState&)>& fn) const = 0;
};

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_STATE_VIEW_H_
