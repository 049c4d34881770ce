// Heterogeneous hashing of strings, so that an unordered_map keyed by
// std::string or std::string_view (with std::equal_to<>) is looked up by a
// std::string_view without building a key. Both hash like
// std::hash<std::string_view>; they differ in what libstdc++ stores:
//
//   StringHash      may throw, so each map node caches its key's hash: a
//                   lookup compares only keys whose hashes match.
//   NoexceptStringHash  nothing cached: 8 bytes less per node, for maps of
//                   one entry per token or actor.
//
// Thread safety: stateless.
#ifndef KEYTRAIL_BASE_STRING_HASH_H_
#define KEYTRAIL_BASE_STRING_HASH_H_

#include <cstddef>
#include <functional>
#include <string_view>

namespace keytrail {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};

struct NoexceptStringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_STRING_HASH_H_
