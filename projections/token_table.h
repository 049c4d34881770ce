// TokenTable: the tokens of the Views, by id. Each token is keyed by a view
// of its own `id`, so an id is held once per token instead of twice (a
// token id is 24 characters: on the heap in a std::string).
//
// Contract: a token's `id` is set when it is created here and never
// changes (Evolve sets it again only on TokenCreated, to the same value).
// Tokens are never removed; their addresses are stable for the table's
// lifetime (moving the table moves its nodes, not the tokens). Copying
// copies every token and keys each copy by its own id.
//
// Thread safety: none; concurrent const calls are safe.
#ifndef KEYTRAIL_PROJECTIONS_TOKEN_TABLE_H_
#define KEYTRAIL_PROJECTIONS_TOKEN_TABLE_H_

#include <cstddef>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "base/string_hash.h"
#include "domain/state.h"

namespace keytrail::projections {

class TokenTable {
 public:
  // Noexcept hash: the map does not store each node's hash (8 bytes/token).
  using Map = std::unordered_map<std::string_view, TokenState,
                                 NoexceptStringHash, std::equal_to<>>;
  using value_type = Map::value_type;
  using mapped_type = TokenState;

  TokenTable() = default;
  TokenTable(const TokenTable& other);
  TokenTable& operator=(const TokenTable& other);
  TokenTable(TokenTable&&) noexcept = default;
  TokenTable& operator=(TokenTable&&) noexcept = default;

  // The token `id`; a new one, empty but for its id, when there is none
  // (*created says which).
  TokenState& FindOrCreate(std::string_view id, bool* created);
  // Adds `token` (keyed by its id), replacing a token with the same id;
  // returns the stored token.
  TokenState& Put(TokenState token);
  TokenState* Find(std::string_view id);
  const TokenState* Find(std::string_view id) const;

  size_t size() const { return map_.size(); }
  Map::const_iterator begin() const { return map_.begin(); }
  Map::const_iterator end() const { return map_.end(); }

 private:
  Map map_;
};

}  // namespace keytrail::projections

#endif  // KEYTRAIL_PROJECTIONS_TOKEN_TABLE_H_
