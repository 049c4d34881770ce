// Base64url (RFC 4648 §5) without padding: text safe in an HTTP header
// value, a URL or a file name. Pure; thread-safe.
#ifndef KEYTRAIL_BASE_BASE64URL_H_
#define KEYTRAIL_BASE_BASE64URL_H_

#include <string>
#include <string_view>

namespace keytrail {

// Returns the base64url encoding of `bytes`, without '=' padding.
std::string Base64UrlEncode(std::string_view bytes);

}  // namespace keytrail

#endif  // KEYTRAIL_BASE_BASE64URL_H_
