// ViewsStateView: the domain's StateView (what a decision may read) over the
// projections' Views. The domain reads through it during one call only.
//
// Thread safety: as the Views it wraps (hold the engine's read lock).
#ifndef KEYTRAIL_PROJECTIONS_VIEWS_STATE_VIEW_H_
#define KEYTRAIL_PROJECTIONS_VIEWS_STATE_VIEW_H_

#include "domain/state_view.h"
#include "projections/views.h"

namespace keytrail::projections {

class ViewsStateView final : public StateView {
 public:
  // `views` must outlive this object.
  explicit ViewsStateView(const Views& views) : views_(views) {}

  const AccountState* FindAccount(std::string_view id) const override {
    return views_.account(id);
  }
  const GroupState* FindGroup(std::string_view id) const override {
    return views_.group(id);
  }
  const UserState* FindUser(std::string_view id) const override {
    return views_.user(id);
  }
  const TokenState* FindToken(std::string_view id) const override {
    return views_.token(id);
  }
  const GrantState* FindGrant(std::string_view id) const override {
    return views_.grant(id);
  }
  const GrantState* FindActiveGrant(std::string_view account_id,
                                    std::string_view token_id) const override {
    return views_.grant_for(account_id, token_id);
  }
  void ForEachToken(
      std::string_view account_id,
      const std::function<void(const TokenState&)>& fn) const override {
    for (const TokenState* token : views_.tokens_of_account(account_id)) {
      fn(*token);
    }
  }
  void ForEachUser(
      std::string_view account_id,
      const std::function<void(const UserState&)>& fn) const override {
    for (const UserState* user : views_.users_of_account(account_id)) {
      fn(*user);
    }
  }
  void ForEachGrant(
      std::string_view account_id,
      const std::function<void(const GrantState&)>& fn) const override {
    for (const GrantState* grant : views_.grants_of_account(account_id)) {
      fn(*grant);
    }
  }

 private:
  const Views& views_;
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_VIEWS_STATE_VIEW_H_
