// Deleting a revealable token destroys its secret (docs/api.md §2) for good:
// with a real server whose keys were made by `keytrail keys init` outside
// the data directory, a revealable token is created, revealed and deleted;
// then, with the server stopped and the master key in hand, every file of
// the data directory is searched for the secret in plain text and for any
// bytes that decrypt to it as a vault record (app/vault.h: nonce ‖
// AES-256-GCM ciphertext ‖ tag, the token id as AAD). A second revealable
// token that is not deleted must be found by the same search, so the
// search itself is shown to work.
#include <openssl/evp.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "app/vault.h"
#include "tests/support/api.h"
#include "tests/support/keytrail_process.h"
#include "tests/support/temp_dir.h"

namespace keytrail::test {
namespace {

namespace fs = std::filesystem;

constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

std::string ReadAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// True when `record` opens under `key` with `token_id` as AAD and gives
// `secret`.
bool OpensTo(const app::MasterKey& key, const std::string& token_id,
             const unsigned char* record, const std::string& secret) {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> context(
      EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string plain(secret.size(), '\0');
  int length = 0;
  return EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr,
                            key.data(), record) == 1 &&
         EVP_DecryptUpdate(
             context.get(), nullptr, &length,
             reinterpret_cast<const unsigned char*>(token_id.data()),
             static_cast<int>(token_id.size())) == 1 &&
         EVP_DecryptUpdate(context.get(),
                           reinterpret_cast<unsigned char*>(plain.data()),
                           &length, record + kNonceBytes,
                           static_cast<int>(secret.size())) == 1 &&
         EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                             const_cast<unsigned char*>(record + kNonceBytes +
                                                        secret.size())) == 1 &&
         EVP_DecryptFinal_ex(context.get(),
                             reinterpret_cast<unsigned char*>(plain.data()),
                             &length) == 1 &&
         plain == secret;
}

// What of `secret` any file under `dir` still holds: "" when nothing,
// else "<file>: plain text" or "<file>: a vault record".
std::string FindSecret(const fs::path& dir, const app::MasterKey& key,
                       const std::string& token_id, const std::string& secret) {
  const size_t record_size = kNonceBytes + secret.size() + kTagBytes;
  for (const fs::directory_entry& entry :
       fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = ReadAll(entry.path());
    if (bytes.find(secret) != std::string::npos) {
      return entry.path().string() + ": plain text";
    }
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    for (size_t at = 0; at + record_size <= bytes.size(); ++at) {
      if (OpensTo(key, token_id, data + at, secret)) {
        return entry.path().string() + ": a vault record";
      }
    }
  }
  return "";
}

BOOST_AUTO_TEST_SUITE(SecretErasure)

BOOST_AUTO_TEST_CASE(ADeletedRevealableSecretIsInNoFileEvenWithTheKey) {
  TempDir root;
  const fs::path data = root.path() / "data";
  const fs::path keys = root.path() / "keys";
  CommandRun init = RunKeytrail("keys init --dir " + Quoted(keys.string()));
  BOOST_REQUIRE_MESSAGE(init.code == 0, init.out);
  auto mode = [](const fs::path& path) {
    return static_cast<int>(fs::status(path).permissions() & fs::perms::all);
  };
  BOOST_TEST(mode(keys) == 0700);
  BOOST_TEST(mode(keys / "master.key") == 0600);
  BOOST_TEST(mode(keys / "audit_key.pem") == 0600);
  BOOST_TEST(RunKeytrail("keys init --dir " + Quoted(keys.string())).code ==
             2);  // never overwritten

  const std::vector<std::string> key_flags = {
      "--vault-key-file", (keys / "master.key").string(), "--audit-key-file",
      (keys / "audit_key.pem").string()};
  CreatedToken deleted, kept;
  std::string operator_secret;
  {
    ServeProcess server(data, key_flags);
    operator_secret = server.operator_secret();
    Api op(server.Client(), operator_secret);
    op.CreateAccount("acme");
    op.SetSettings("acme", R"({"secret_visibility":"revealable"})");
    const std::string group = op.CreateGroup("acme", "ERP", "api", {"*"});
    deleted = op.CreateToken("acme", "to delete", {group});
    kept = op.CreateToken("acme", "kept", {group});
    BOOST_TEST(server.Stop() == 0);
  }
  // After a restart the vault record is in the store's table files, not
  // only in memory: the delete must remove it from there.
  {
    ServeProcess server(data, key_flags);
    Api op(server.Client(), operator_secret);
    const std::string path = "/v1/accounts/acme/tokens/" + deleted.id;
    ClientResponse revealed = op.Call("POST", path + ":reveal");
    BOOST_REQUIRE_MESSAGE(revealed.status == 200, revealed.body);
    BOOST_TEST(revealed.Json().at("secret").as_string() == deleted.secret);
    ClientResponse gone = op.Call("DELETE", path);
    BOOST_REQUIRE_MESSAGE(gone.status == 204, gone.body);
    BOOST_TEST(op.Call("POST", path + ":reveal").status != 200);
    BOOST_TEST(server.Stop() == 0);
  }
  BOOST_TEST(!fs::exists(data / "master.key"));
  BOOST_TEST(!fs::exists(data / "audit_key.pem"));
  const std::string key_bytes = ReadAll(keys / "master.key");
  BOOST_REQUIRE(key_bytes.size() == 32);
  app::MasterKey key{};
  std::copy(key_bytes.begin(), key_bytes.end(), key.begin());

  BOOST_TEST(FindSecret(data, key, deleted.id, deleted.secret) == "");
  // The same search finds the secret that was kept.
  BOOST_TEST(
      FindSecret(data, key, kept.id, kept.secret).find(": a vault record") !=
      std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::test
