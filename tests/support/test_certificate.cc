#include "tests/support/test_certificate.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

namespace keytrail::test {

namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using File = std::unique_ptr<FILE, Deleter<std::fclose>>;

void Require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificate: ") + what);
}

void AddExtension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  Require(extension != nullptr, "extension");
  Require(X509_add_ext(certificate, extension.get(), -1) == 1, "add ext");
}

File Open(const std::filesystem::path& path) {
  File file(std::fopen(path.c_str(), "w"));
  Require(file != nullptr, "cannot write the PEM file");
  return file;
}

}  // namespace

CertificateFiles MakeLoopbackCertificate(const std::filesystem::path& dir) {
  Key key(EVP_EC_gen("P-256"));
  Require(key != nullptr, "key");
  Certificate certificate(X509_new());
  Require(certificate != nullptr, "X509_new");
  X509* x = certificate.get();
  Require(X509_set_version(x, 2) == 1, "version");
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  Require(X509_set_pubkey(x, key.get()) == 1, "pubkey");
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(
      name, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  Require(X509_set_issuer_name(x, name) == 1, "issuer");
  AddExtension(x, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(x, NID_subject_key_identifier, "hash");
  AddExtension(x, NID_subject_alt_name, "IP:127.0.0.1");
  Require(X509_sign(x, key.get(), EVP_sha256()) > 0, "sign");

  CertificateFiles files{dir / "loopback-cert.pem", dir / "loopback-key.pem"};
  File cert_file = Open(files.certificate);
  Require(PEM_write_X509(cert_file.get(), x) == 1, "write certificate");
  File key_file = Open(files.private_key);
  Require(PEM_write_PrivateKey(key_file.get(), key.get(), nullptr, nullptr, 0,
                               nullptr, nullptr) == 1,
          "write key");
  return files;
}

}  // namespace keytrail::test
