// Small helpers shared by the views_*.cc files; not part of the API.
#ifndef KEYTRAIL_PROJECTIONS_VIEWS_INTERNAL_H_
#define KEYTRAIL_PROJECTIONS_VIEWS_INTERNAL_H_

#include <optional>
#include <string>
#include <string_view>

#include "projections/views.h"

namespace keytrail::projections::internal {

// ASCII lowercase (UTF-8 bytes above 0x7f are left as they are).
std::string Lower(std::string_view text);
// Whether `lower_needle` (already lowercase) occurs in `haystack`, ignoring
// ASCII case.
bool ContainsIgnoreCase(std::string_view haystack,
                        std::string_view lower_needle);

// The key of a two-part index entry: a '\n' b (ids never hold '\n').
std::string PairKey(std::string_view a, std::string_view b);

}  // namespace keytrail::projections::internal

#endif  // KEYTRAIL_PROJECTIONS_VIEWS_INTERNAL_H_
