// Evolve for accounts, groups, users and grants; tokens are in
// token_state.cc.
#include "domain/state.h"

#include "base/overloaded.h"

namespace keytrail {
namespace {

// Records a change of the aggregate itself: a new version, and when.
template <typename State>
void Touch(State& state, const EventMeta& meta) {
  state.version = meta.version;
  state.stream_version = meta.version;
  state.updated_at = meta.time;
}

template <typename State>
void Create(State& state, const EventMeta& meta) {
  Touch(state, meta);
  state.created_at = meta.time;
}

}  // namespace

void Evolve(AccountState& state, const Event& event, const EventMeta& meta) {
  VisitEventsOf<Aggregate::kAccount>(
      event,
      Overloaded{[&](const AccountCreated& e) {
                   state.id = e.account_id;
                   state.name = e.name;
                   state.plan = e.plan;
                   state.settings = e.settings;
                   Create(state, meta);
                 },
                 [&](const AccountPlanChanged& e) {
                   state.plan = e.plan;
                   Touch(state, meta);
                 },
                 [&](const AccountSettingsChanged& e) {
                   state.settings = e.settings;
                   Touch(state, meta);
                 },
                 [&](const AccountExpiryPolicyChanged& e) {
                   state.max_token_ttl_days = e.max_token_ttl_days;
                   Touch(state, meta);
                 },
                 [&](const AccountTokenPrefixChanged& e) {
                   state.token_prefix = e.token_prefix;
                   Touch(state, meta);
                 },
                 [&](const WebhookSubscribed& e) {
                   state.webhooks.push_back(
                       {e.webhook_id, e.url, e.events, meta.seq, meta.time});
                   Touch(state, meta);
                 },
                 [&](const WebhookUnsubscribed& e) {
                   std::erase_if(state.webhooks,
                                 [&](const WebhookSubscription& w) {
                                   return w.id == e.webhook_id;
                                 });
                   Touch(state, meta);
                 }});
}

void Evolve(GroupState& state, const Event& event, const EventMeta& meta) {
  VisitEventsOf<Aggregate::kGroup>(
      event, Overloaded{[&](const GroupCreated& e) {
                          state.id = e.group_id;
                          state.account_id = e.account_id;
                          state.name = e.name;
                          state.type = e.type;
                          state.permissions = e.permissions;
                          state.deleted = false;
                          Create(state, meta);
                        },
                        [&](const GroupUpdated& e) {
                          state.name = e.name;
                          state.permissions = e.permissions;
                          Touch(state, meta);
                        },
                        [&](const GroupBoundCidrsChanged& e) {
                          state.bound_cidrs = e.bound_cidrs;
                          Touch(state, meta);
                        },
                        [&](const GroupRateLimitChanged& e) {
                          state.rate_limit = e.rate_limit;
                          Touch(state, meta);
                        },
                        [&](const GroupDeleted&) {
                          state.deleted = true;
                          Touch(state, meta);
                        }});
}

void Evolve(UserState& state, const Event& event, const EventMeta& meta) {
  VisitEventsOf<Aggregate::kUser>(event,
                                  Overloaded{[&](const UserCreated& e) {
                                               state.id = e.user_id;
                                               state.account_id = e.account_id;
                                               state.email = e.email;
                                               state.name = e.name;
                                               state.groups = e.groups;
                                               state.licenses = e.licenses;
                                               state.active = true;
                                               Create(state, meta);
                                             },
                                             [&](const UserUpdated& e) {
                                               state.name = e.name;
                                               state.groups = e.groups;
                                               state.licenses = e.licenses;
                                               Touch(state, meta);
                                             },
                                             [&](const UserDeactivated&) {
                                               state.active = false;
                                               Touch(state, meta);
                                             },
                                             [&](const UserActivated&) {
                                               state.active = true;
                                               Touch(state, meta);
                                             }});
}

void Evolve(GrantState& state, const Event& event, const EventMeta& meta) {
  VisitEventsOf<Aggregate::kGrant>(
      event, Overloaded{[&](const GrantAdded& e) {
                          state.id = e.grant_id;
                          state.account_id = e.account_id;
                          state.token_id = e.token_id;
                          state.token_account_id = e.token_account_id;
                          state.groups = e.groups;
                          state.removed = false;
                          state.created_at = meta.time;
                          state.version = state.stream_version = meta.version;
                        },
                        [&](const GrantRemoved&) {
                          state.removed = true;
                          state.version = state.stream_version = meta.version;
                        }});
}

}  // namespace keytrail
