#include "http/headers.h"

#include <algorithm>

namespace keytrail::http {

namespace {

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerAscii(x) == LowerAscii(y);
         });
}

std::optional<std::string_view> BearerCredentials(
    std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer";
  if (authorization.size() <= kScheme.size() ||
      !EqualsIgnoreCase(authorization.substr(0, kScheme.size()), kScheme) ||
      authorization[kScheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view credentials = authorization.substr(kScheme.size());
  credentials.remove_prefix(
      std::min(credentials.find_first_not_of(' '), credentials.size()));
  if (credentials.empty()) return std::nullopt;
  return credentials;
}

std::string_view CookieValue(std::string_view cookie_header,
                             std::string_view name) {
  auto trim = [](std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
  };
  std::string_view rest = cookie_header;
  while (!rest.empty()) {
    size_t semicolon = rest.find(';');
    std::string_view pair = trim(rest.substr(0, semicolon));
    rest = semicolon == std::string_view::npos ? std::string_view()
                                               : rest.substr(semicolon + 1);
    size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return pair.substr(equals + 1);
    }
  }
  return {};
}

void Headers::Add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::Set(std::string_view name, std::string value) {
  std::erase_if(fields_, [name](const Field& field) {
    return EqualsIgnoreCase(field.first, name);
  });
  fields_.emplace_back(std::string(name), std::move(value));
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const Field& field : fields_) {
    if (EqualsIgnoreCase(field.first, name)) return field.second;
  }
  return std::nullopt;
}

}  // namespace keytrail::http
