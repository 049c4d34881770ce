// A self-signed certificate for 127.0.0.1, made at test time with OpenSSL
// (an EC P-256 key, valid one day, subjectAltName IP:127.0.0.1, CA:TRUE so
// that it is its own trust anchor), written as PEM files into `dir`: for a
// TLS endpoint the server under test is told to trust (webhooks over
// https://).
#ifndef KEYTRAIL_TESTS_SUPPORT_TEST_CERTIFICATE_H_
#define KEYTRAIL_TESTS_SUPPORT_TEST_CERTIFICATE_H_

#include <filesystem>

namespace keytrail::test {

struct CertificateFiles {
  std::filesystem::path certificate;  // PEM
  std::filesystem::path private_key;  // PEM, unencrypted
};

// Throws std::runtime_error when OpenSSL fails.
CertificateFiles MakeLoopbackCertificate(const std::filesystem::path& dir);

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_TEST_CERTIFICATE_H_
