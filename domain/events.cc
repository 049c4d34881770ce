#include "domain/events.h"

#include <type_traits>

namespace keytrail {
namespace {

template <typename E>
constexpr bool kIsAccountEvent = std::is_same_v<E, AccountCreated> ||
                                 std::is_same_v<E, AccountPlanChanged> ||
                                 std::is_same_v<E, AccountSettingsChanged>;

template <typename E>
constexpr bool kIsGroupEvent =
    std::is_same_v<E, GroupCreated> || std::is_same_v<E, GroupUpdated> ||
    std::is_same_v<E, GroupDeleted>;

template <typename E>
constexpr bool kIsUserEvent =
    std::is_same_v<E, UserCreated> || std::is_same_v<E, UserUpdated> ||
    std::is_same_v<E, UserDeactivated> || std::is_same_v<E, UserActivated>;

template <typename E>
constexpr bool kIsGrantEvent =
    std::is_same_v<E, GrantAdded> || std::is_same_v<E, GrantRemoved>;

}  // namespace

std::string_view EventType(const Event& event) {
  return std::visit([](const auto& e) { return e.kType; }, event);
}

std::string StreamOf(const Event& event) {
  return std::visit(
      [](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, UnknownTokenRejected> ||
                      std::is_same_v<E, ConsoleSignInFailed>) {
          return std::string(kSystemAccount);
        } else if constexpr (kIsConsoleEvent<E>) {
          return "session-" + e.session_id;
        } else if constexpr (kIsAccountEvent<E>) {
          return "account-" + e.account_id;
        } else if constexpr (kIsGroupEvent<E>) {
          return "group-" + e.group_id;
        } else if constexpr (kIsUserEvent<E>) {
          return "user-" + e.user_id;
        } else if constexpr (kIsGrantEvent<E>) {
          return "grant-" + e.grant_id;
        } else {
          return "token-" + e.token_id;
        }
      },
      event);
}

std::string AccountOf(const Event& event) {
  return std::visit(
      [](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, UnknownTokenRejected>) {
          return std::string(kSystemAccount);
        } else {
          return e.account_id;
        }
      },
      event);
}

}  // namespace keytrail
