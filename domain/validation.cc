#include "domain/validation.h"

#include <algorithm>

namespace keytrail {
namespace {

// Decodes the UTF-8 code point at `pos` and advances `pos`; returns -1 for
// an invalid sequence (overlong, surrogate, past U+10FFFF or truncated).
int32_t NextCodePoint(std::string_view text, size_t& pos) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(pos);
  int length;
  int32_t cp;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return -1;
  }
  if (pos + length > text.size()) return -1;
  for (int i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  static constexpr int32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return -1;
  }
  pos += length;
  return cp;
}

bool IsControl(int32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

bool IsAtext(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) !=
             std::string_view::npos;
}

bool IsDnsLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' ||
      label.back() == '-') {
    return false;
  }
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

void FieldErrors::Add(std::string field, std::string message) {
  fields_.push_back({std::move(field), std::move(message)});
}

Status FieldErrors::ToStatus() const {
  if (fields_.empty()) return OkStatus();
  Error error = Error::Make(ErrorCode::kInvalid, "the request is not valid");
  error.fields = fields_;
  return error;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  const size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

void CheckText(FieldErrors& errors, std::string_view field,
               std::string_view text, size_t min_chars, size_t max_chars) {
  size_t chars = 0;
  for (size_t pos = 0; pos < text.size();) {
    const int32_t cp = NextCodePoint(text, pos);
    if (cp < 0) return errors.Add(std::string(field), "must be valid UTF-8");
    if (IsControl(cp)) {
      return errors.Add(std::string(field),
                        "must not contain control characters");
    }
    ++chars;
  }
  if (chars < min_chars) {
    errors.Add(std::string(field),
               min_chars == 1 ? "is required" : "is too short");
  } else if (chars > max_chars) {
    errors.Add(std::string(field),
               "must be at most " + std::to_string(max_chars) + " characters");
  }
}

bool IsValidAccountId(std::string_view id) {
  if (id.empty() || id.size() > 63 || id[0] == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsValidEmail(std::string_view email) {
  if (email.size() > 254) return false;
  const size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != email.npos) {
    return false;
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' ||
      local.back() == '.' || local.find("..") != local.npos ||
      !std::all_of(local.begin(), local.end(),
                   [](char c) { return c == '.' || IsAtext(c); })) {
    return false;
  }
  size_t labels = 0;
  for (size_t start = 0;; ++labels) {
    const size_t dot = domain.find('.', start);
    if (!IsDnsLabel(domain.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 1;  // at least one dot: two labels
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void SortUnique(std::vector<std::string>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

}  // namespace keytrail
