#include "audit/as_of_report.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <vector>

#include "domain/types.h"
#include "projections/render.h"
#include "projections/as_of.h"

namespace keytrail::audit {
namespace {

namespace json = boost::json;
using projections::Views;

// The columns of each view's table: JSON field and heading.
struct Column {
  const char* field;
  const char* heading;
};
const std::vector<Column>& ColumnsOf(AsOfView view) {
  static const std::vector<Column> tokens = {{"id", "ID"},
                                             {"account", "ACCOUNT"},
                                             {"name", "NAME"},
                                             {"kind", "KIND"},
                                             {"status", "STATUS"},
                                             {"masked", "SECRET"},
                                             {"groups", "GROUPS"},
                                             {"user", "USER"},
                                             {"expires_at", "EXPIRES"},
                                             {"last_used_at", "LAST USED"}};
  static const std::vector<Column> groups = {{"id", "ID"},
                                             {"account", "ACCOUNT"},
                                             {"name", "NAME"},
                                             {"type", "TYPE"},
                                             {"permissions", "PERMISSIONS"}};
  static const std::vector<Column> users = {{"id", "ID"},
                                            {"account", "ACCOUNT"},
                                            {"email", "EMAIL"},
                                            {"name", "NAME"},
                                            {"active", "ACTIVE"},
                                            {"groups", "GROUPS"},
                                            {"licenses", "LICENSES"}};
  switch (view) {
    case AsOfView::kTokens:
      return tokens;
    case AsOfView::kGroups:
      return groups;
    case AsOfView::kUsers:
      return users;
  }
  return tokens;
}

// Every item of a paged list, following its cursors.
template <typename T, typename ListFn>
std::vector<const T*> AllPages(ListFn list) {
  std::vector<const T*> all;
  projections::PageRequest page;
  page.limit = projections::kMaxPageLimit;
  for (;;) {
    Result<projections::Page<T>> listed = list(page);
    if (!listed.ok()) break;
    all.insert(all.end(), listed->items.begin(), listed->items.end());
    if (!listed->next_cursor) break;
    page.cursor = *listed->next_cursor;
  }
  return all;
}

void AddItems(const Views& views, AsOfView view, const std::string& account,
              json::array& items) {
  if (view == AsOfView::kTokens) {
    const AccountState* state = views.account(account);
    const Plan plan = state != nullptr ? state->plan : Plan{};
    for (const TokenState* token : views.tokens_of_account(account)) {
      items.push_back(
          TokenJson(*token, plan, views.last_event_time(), std::nullopt));
    }
  } else if (view == AsOfView::kGroups) {
    for (const GroupState* group : AllPages<GroupState>(
             [&](auto& page) { return views.ListGroups(account, page); })) {
      items.push_back(GroupJson(*group));
    }
  } else {
    for (const UserState* user : AllPages<UserState>(
             [&](auto& page) { return views.ListUsers(account, page); })) {
      items.push_back(UserJson(*user));
    }
  }
}

std::string Cell(const json::value& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_array()) {
    std::string joined;
    for (const json::value& item : value.get_array()) {
      if (!joined.empty()) joined += ",";
      joined += Cell(item);
    }
    return joined.empty() ? "-" : joined;
  }
  return json::serialize(value);
}

// Terminal columns of UTF-8 `text` (one per code point; "…" is one).
size_t Width(const std::string& text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (c & 0xc0) != 0x80; });
}

std::string Table(AsOfView view, const json::array& items) {
  const std::vector<Column>& columns = ColumnsOf(view);
  std::vector<std::vector<std::string>> rows(1);
  for (const Column& column : columns) rows[0].push_back(column.heading);
  for (const json::value& item : items) {
    std::vector<std::string>& row = rows.emplace_back();
    for (const Column& column : columns) {
      const json::value* value = item.as_object().if_contains(column.field);
      row.push_back(value != nullptr ? Cell(*value) : "-");
    }
  }
  std::vector<size_t> widths(columns.size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], Width(row[i]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (i + 1 < row.size())
        out += std::string(widths[i] - Width(row[i]) + 2, ' ');
    }
    out += '\n';
  }
  return out;
}

}  // namespace

Result<std::string> AsOfReport(eventstore::EventStore& store,
                               const AsOfRequest& request) {
  Result<projections::AsOf> point = projections::ParseAsOf(request.point);
  if (!point.ok()) return point.error();
  projections::PointInTimeViews past(store);
  Result<std::shared_ptr<const Views>> views = past.ViewsAsOf(*point);
  if (!views.ok()) return views.error();
  std::vector<std::string> accounts;
  if (!request.account.empty()) {
    if ((*views)->account(request.account) == nullptr) {
      return Error::Make(ErrorCode::kNotFound,
                         "no account " + request.account + " at that point");
    }
    accounts.push_back(request.account);
  } else {
    accounts.emplace_back(kSystemAccount);
    for (const AccountState* account : AllPages<AccountState>(
             [&](auto& page) { return (*views)->ListAccounts(page); })) {
      accounts.push_back(account->id);
    }
  }
  json::array items;
  for (const std::string& account : accounts) {
    AddItems(**views, request.view, account, items);
  }
  const uint64_t seq = (*views)->applied_seq();
  if (request.json) {
    return json::serialize(json::object{{"as_of", request.point},
                                        {"seq", seq},
                                        {"items", std::move(items)}}) +
           "\n";
  }
  return "as of seq " + std::to_string(seq) + " (" +
         FormatRfc3339((*views)->last_event_time()) +
         "): " + std::to_string(items.size()) + " items\n" +
         Table(request.view, items);
}

}  // namespace keytrail::audit
