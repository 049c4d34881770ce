#include "domain/events.h"

#include <type_traits>
#include <utility>

namespace keytrail {
std::vector<std::string_view> EventTypeNames() {
  return []<size_t... I>(std::index_sequence<I...>) {
    return std::vector<std::string_view>{
        std::variant_alternative_t<I, Event>::kType...};
  }
  (std::make_index_sequence<std::variant_size_v<Event>>{});
}

std::string_view EventType(const Event& event) {
  return std::visit([](const auto& e) { return e.kType; }, event);
}

std::string StreamOf(const Event& event) {
  return std::visit(
      [](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        constexpr std::string_view kPrefix[] = {
            "", "account-", "group-", "user-", "token-", "grant-", "session-"};
        std::string stream(kPrefix[static_cast<int>(E::kAggregate)]);
        stream.append(AggregateIdOf(e));
        return stream;
      },
      event);
}

std::string AccountOf(const Event& event) {
  return std::visit(
      [](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        if constexpr (E::kAggregate == Aggregate::kSystem) {
          return std::string(kSystemAccount);
        } else {
          return e.account_id;
        }
      },
      event);
}

}  // namespace keytrail
