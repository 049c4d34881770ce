// Field validation shared by the commands: collects every problem of a
// request so that one 400 answer lists them all (docs/api.md §6 "errors").
#ifndef KEYTRAIL_DOMAIN_VALIDATION_H_
#define KEYTRAIL_DOMAIN_VALIDATION_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace keytrail {

// Collects FieldErrors; ToStatus() is OK when there is none, else kInvalid
// with all of them.
class FieldErrors {
 public:
  void Add(std::string field, std::string message);
  bool empty() const { return fields_.empty(); }
  Status ToStatus() const;

 private:
  std::vector<FieldError> fields_;
};

inline constexpr size_t kMaxNameLength = 100;          // characters
inline constexpr size_t kMaxDescriptionLength = 1000;  // characters

// Returns `text` without leading and trailing ASCII whitespace.
std::string_view Trim(std::string_view text);

// Checks free text: valid UTF-8, no control characters (C0, DEL, C1), and
// between `min_chars` and `max_chars` code points. Adds at most one error
// for `field` to `errors`.
void CheckText(FieldErrors& errors, std::string_view field,
               std::string_view text, size_t min_chars, size_t max_chars);

// [a-z0-9][a-z0-9-]{0,62} (docs/api.md §3). "_system" does not match: it is
// reserved for the operator.
bool IsValidAccountId(std::string_view id);

// A practical check of an e-mail address: one '@', a local part of 1-64
// characters of RFC 5322 atext and dots (not at either end, never two in a
// row), a domain of two or more DNS labels, at most 254 characters.
bool IsValidEmail(std::string_view email);

// Lowercases ASCII letters (e-mail addresses compare case-insensitively).
std::string AsciiLower(std::string_view text);

// Sorts `items` and removes duplicates.
void SortUnique(std::vector<std::string>& items);

}  // namespace keytrail

#endif  // KEYTRAIL_DOMAIN_VALIDATION_H_
