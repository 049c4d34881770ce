// AcmeServer: the starting point of most management-API tests — a real
// server (TestServer) with the account "acme" and one API group "ERP"
// (contacts:read), and an Api speaking as the operator (WallNow(), the time
// a test compares server timestamps with, is in api.h).
#ifndef KEYTRAIL_TESTS_SUPPORT_ACME_SERVER_H_
#define KEYTRAIL_TESTS_SUPPORT_ACME_SERVER_H_

#include <string>

#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {

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
