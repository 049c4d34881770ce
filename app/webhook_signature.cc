#include "app/webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/base62.h"
#include "base/hex.h"

namespace keytrail::app {

std::string NewWebhookSecret(RandomSource& random) {
  constexpr size_t kRandomChars = 32;
  std::string secret(kWebhookSecretPrefix);
  AppendRandomBase62(secret, kRandomChars, random);
  return secret;
}

std::string WebhookSignature(std::string_view secret, int64_t unix_seconds,
                             std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  std::string signed_text = t;
  signed_text.push_back('.');
  signed_text.append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_text.data()),
       signed_text.size(), mac, &size);
  return "t=" + t + ",v1=" +
         HexOf(std::string_view(reinterpret_cast<const char*>(mac), size));
}

}  // namespace keytrail::app
