// Pagination with opaque cursors: the one mechanism every list of keytrail
// uses (groups, users, tokens, grants).
//
// A list is sorted by (key, id), ascending or descending, where `key` is an
// order-preserving byte string made with the *SortKey() helpers below and
// `id` breaks ties, so the order is total and stable. A cursor is the
// position (key, id) of the last item served, plus the name of the list
// and its order, encoded as base64url text:
//
//   cursor  := base64url-nopad(version list key id)
//   version := byte 0x01
//   list, key, id := varint32 length, bytes
//
// The next page holds the items strictly after that position, so every item
// is served exactly once across pages, even while items are added between
// calls (a new item lands on a later page or an already served one, never
// twice). A cursor made for another list or order is kInvalid.
//
// Thread safety: free functions over values; safe from any thread.
#ifndef KEYTRAIL_PROJECTIONS_CURSOR_H_
#define KEYTRAIL_PROJECTIONS_CURSOR_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/time.h"

namespace keytrail::projections {

enum class SortOrder { kAsc, kDesc };

// Largest `limit` a list accepts (docs/api.md §3).
inline constexpr size_t kMaxPageLimit = 1000;
inline constexpr size_t kDefaultPageLimit = 50;

struct PageRequest {
  // Items per page, clamped to [1, kMaxPageLimit]. Default: 50.
  size_t limit = kDefaultPageLimit;
  // The `next_cursor` of the previous page; empty for the first page.
  std::string cursor;
};

// One page of a list. `items` point into the Views the list was made from
// and live as long as that Views is neither changed nor destroyed.
template <typename T>
struct Page {
  std::vector<const T*> items;
  std::optional<std::string> next_cursor;  // nullopt on the last page
};

// The position of an item in its list.
struct CursorPosition {
  std::string key;
  std::string id;
};

// Encodes `position` as a cursor of list `list` (e.g. "tokens/name/asc").
std::string EncodeCursor(std::string_view list, const CursorPosition& position);

// Decodes a cursor of list `list`; kInvalid (field "cursor") for text that
// is not base64url, is truncated or belongs to another list.
Result<CursorPosition> DecodeCursor(std::string_view list,
                                    std::string_view text);

// Order-preserving sort keys: comparing two keys bytewise compares the
// values they encode.
std::string TimeSortKey(Micros t);  // 16 hex digits
// nullopt sorts before every time.
std::string OptionalTimeSortKey(const std::optional<Micros>& t);
// Case-insensitive (ASCII) text order.
std::string TextSortKey(std::string_view text);

// An item of a list with its sort key; `id` points into `item`.
template <typename T>
struct SortedItem {
  std::string key;
  const std::string* id;
  const T* item;
};

// Returns the page of `items` (any order; the list's full, filtered
// content) that follows `page.cursor` in the order (key, id) `order`.
template <typename T>
Result<Page<T>> Paginate(std::string_view list,
                         std::vector<SortedItem<T>> items, SortOrder order,
                         const PageRequest& page) {
  auto before = [order](const SortedItem<T>& a, const SortedItem<T>& b) {
    int c = a.key.compare(b.key);
    if (c == 0) c = a.id->compare(*b.id);
    return order == SortOrder::kAsc ? c < 0 : c > 0;
  };
  if (!page.cursor.empty()) {
    Result<CursorPosition> after = DecodeCursor(list, page.cursor);
    if (!after.ok()) return after.error();
    SortedItem<T> mark{after->key, &after->id, nullptr};
    std::erase_if(items,
                  [&](const SortedItem<T>& i) { return !before(mark, i); });
  }
  size_t limit = std::clamp<size_t>(page.limit, 1, kMaxPageLimit);
  size_t take = std::min(limit, items.size());
  std::partial_sort(items.begin(), items.begin() + take, items.end(), before);
  Page<T> result;
  result.items.reserve(take);
  for (size_t i = 0; i < take; ++i) result.items.push_back(items[i].item);
  if (items.size() > take) {
    result.next_cursor =
        EncodeCursor(list, {items[take - 1].key, *items[take - 1].id});
  }
  return result;
}

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_CURSOR_H_
