// Headers: the header fields of a Request or a Response, in arrival order,
// looked up case-insensitively (RFC 9110 §5.1).
//
// Intentionally copyable. Thread safety: const methods may be called from any
// thread; mutation needs external synchronization.
#ifndef KEYTRAIL_HTTP_HEADERS_H_
#define KEYTRAIL_HTTP_HEADERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keytrail::http {

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Field> fields) : fields_(fields) {}

  // Appends a field; an existing field of the same name is kept.
  void Add(std::string name, std::string value);
  // Replaces every field named `name` by one with `value`.
  void Set(std::string_view name, std::string value);
  // Returns the value of the first field named `name`, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }

  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }
  std::size_t size() const { return fields_.size(); }

 private:
  std::vector<Field> fields_;
};

// Returns true when `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// The credentials of an `Authorization: Bearer <credentials>` value: the
// scheme matches in any case (RFC 9110 §11.1) and is followed by one or more
// spaces. Returns nullopt for another scheme or empty credentials.
std::optional<std::string_view> BearerCredentials(
    std::string_view authorization);

// The value of the cookie `name` in a `Cookie` header value
// ("a=1; kt_session=xyz"); empty when it is absent (RFC 6265 §5.4: pairs
// separated by ';', spaces around them ignored).
std::string_view CookieValue(std::string_view cookie_header,
                             std::string_view name);

}  // namespace keytrail::http

#endif  // KEYTRAIL_HTTP_HEADERS_H_
