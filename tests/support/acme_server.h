// AcmeServer: the starting point of most management-API tests — a real
// server (TestServer) with the account "acme" and one API group "ERP"
// (contacts:read), and an Api speaking as the operator. WallNow() is the
// time a test compares server timestamps with.
#ifndef KEYTRAIL_TESTS_SUPPORT_ACME_SERVER_H_
#define KEYTRAIL_TESTS_SUPPORT_ACME_SERVER_H_

#include <chrono>
#include <string>

#include "base/time.h"
#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {

// The wall clock, as the server's clock reads it.
inline Micros WallNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct AcmeServer : TestServer {
  Api api{Client(), operator_secret()};
  std::string group;  // "ERP", an API group with contacts:read

  AcmeServer() {
    api.CreateAccount("acme");
    group = api.CreateGroup("acme", "ERP", "api", {"contacts:read"});
  }
};

}  // namespace keytrail::test

#endif  // KEYTRAIL_TESTS_SUPPORT_ACME_SERVER_H_
