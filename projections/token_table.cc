#include "projections/token_table.h"

#include <string>
#include <utility>

namespace keytrail::projections {

TokenTable::TokenTable(const TokenTable& other) {
  map_.reserve(other.map_.size());
  for (const auto& [id, token] : other.map_) Put(token);
}

TokenTable& TokenTable::operator=(const TokenTable& other) {
  if (this != &other) *this = TokenTable(other);
  return *this;
}

TokenState& TokenTable::FindOrCreate(std::string_view id, bool* created) {
  if (auto it = map_.find(id); it != map_.end()) {
    *created = false;
    return it->second;
  }
  TokenState token;
  token.id = std::string(id);
  *created = true;
  return Put(std::move(token));
}

TokenState& TokenTable::Put(TokenState token) {
  // The key must view the id inside the node, which exists only once the
  // node does: insert under a copy of the id, then re-key the node.
  const std::string id = token.id;
  map_.erase(std::string_view(id));
  auto it = map_.emplace(std::string_view(id), std::move(token)).first;
  Map::node_type node = map_.extract(it);
  node.key() = node.mapped().id;
  return map_.insert(std::move(node)).position->second;
}

TokenState* TokenTable::Find(std::string_view id) {
  auto it = map_.find(id);
  return it == map_.end() ? nullptr : &it->second;
}

const TokenState* TokenTable::Find(std::string_view id) const {
  auto it = map_.find(id);
  return it == map_.end() ? nullptr : &it->second;
}

}  // namespace keytrail::projections
