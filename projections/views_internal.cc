#include "projections/views_internal.h"

namespace keytrail::projections::internal {
namespace {

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = LowerAscii(c);
  return lower;
}

bool ContainsIgnoreCase(std::string_view haystack,
                        std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  if (haystack.size() < lower_needle.size()) return false;
  for (size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    size_t j = 0;
    while (j < lower_needle.size() &&
           LowerAscii(haystack[i + j]) == lower_needle[j]) {
      ++j;
    }
    if (j == lower_needle.size()) return true;
  }
  return false;
}

std::string PairKey(std::string_view a, std::string_view b) {
  std::string key;
  key.reserve(a.size() + 1 + b.size());
  key.append(a).append(1, '\n').append(b);
  return key;
}

}  // namespace keytrail::projections::internal
