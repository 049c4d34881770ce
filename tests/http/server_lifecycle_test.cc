// http::Server on its own: blocking routes, graceful stop, start errors.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "http/json_body.h"
#include "http/server.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace keytrail::http {
namespace {

using namespace std::chrono_literals;
using test::ClientResponse;
using test::HttpClient;

// A server with one I/O thread, so that a handler blocking it would stall
// every other request, and a /slow route that waits until Release().
struct ServerFixture {
  ServerFixture() {
    test::ConfigureTestLogging();
    options.listen = "127.0.0.1:0";
    options.io_threads = 1;
    options.worker_threads = 2;
    options.shutdown_timeout = 5s;
  }
  ~ServerFixture() {
    Release();
    if (server != nullptr) server->Stop();
  }

  void StartServer() {
    server = std::make_unique<Server>(options);
    Status added =
        server->router().Add({"GET", "/slow", "slow",
                              [this](const Request&) {
                                entered.set_value();
                                released_future.wait();
                                return JsonResponse(200, {{"slow", true}});
                              },
                              /*blocking=*/true});
    BOOST_REQUIRE(added.ok());
    added = server->router().Add({"GET", "/fast", "fast", [](const Request&) {
                                    return JsonResponse(200, {{"fast", true}});
                                  }});
    BOOST_REQUIRE(added.ok());
    // Inline, but it must block: it hands itself to a worker, where it
    // waits until Release() like /slow.
    added = server->router().Add(
        {"GET", "/handoff", "handoff", [this](const Request& request) {
           if (!request.on_worker) return Response::RunOnWorker();
           entered.set_value();
           released_future.wait();
           return JsonResponse(200, {{"on_worker", true}});
         }});
    BOOST_REQUIRE(added.ok());
    added = server->router().Add(
        {"GET", "/handoff-twice", "handoff-twice",
         [](const Request&) { return Response::RunOnWorker(); }});
    BOOST_REQUIRE(added.ok());
    added = server->router().Add(
        {"GET", "/throw", "throw", [](const Request&) -> Response {
           throw std::runtime_error("secret detail");
         }});
    BOOST_REQUIRE(added.ok());
    Status started = server->Start();
    BOOST_REQUIRE_MESSAGE(started.ok(),
                          (started.ok() ? "" : started.error().message));
  }

  void Release() {
    if (!released) released_promise.set_value();
    released = true;
  }

  ServerOptions options;
  std::unique_ptr<Server> server;
  std::promise<void> entered;
  std::promise<void> released_promise;
  std::shared_future<void> released_future = released_promise.get_future();
  bool released = false;
};

BOOST_FIXTURE_TEST_SUITE(ServerLifecycleTest, ServerFixture)

BOOST_AUTO_TEST_CASE(BlockingRoutesRunOnWorkersWithoutStallingIo) {
  StartServer();
  std::future<ClientResponse> slow = std::async(std::launch::async, [this] {
    return HttpClient(server->port()).Get("/slow");
  });
  BOOST_REQUIRE(entered.get_future().wait_for(5s) == std::future_status::ready);
  HttpClient fast(server->port());
  fast.set_timeout(3s);
  BOOST_TEST(fast.Get("/fast").status == 200);
  BOOST_TEST(fast.Get("/healthz").status == 404);
  Release();
  BOOST_TEST(slow.get().status == 200);
}

BOOST_AUTO_TEST_CASE(AnInlineRouteThatMustBlockIsRunAgainOnAWorker) {
  StartServer();
  std::future<ClientResponse> handoff = std::async(std::launch::async, [this] {
    return HttpClient(server->port()).Get("/handoff");
  });
  BOOST_REQUIRE(entered.get_future().wait_for(5s) == std::future_status::ready);
  // The one I/O thread is free while the handler waits on its worker.
  HttpClient fast(server->port());
  fast.set_timeout(3s);
  BOOST_TEST(fast.Get("/fast").status == 200);
  Release();
  ClientResponse answer = handoff.get();
  BOOST_TEST(answer.status == 200);
  BOOST_TEST(answer.body == R"({"on_worker":true})");
  // A handler that asks again from the worker is a bug: a 500, not a loop.
  BOOST_TEST(fast.Get("/handoff-twice").status == 500);
}

BOOST_AUTO_TEST_CASE(StopFinishesTheRequestInFlightAndClosesIdleOnes) {
  StartServer();
  HttpClient idle(server->port());
  BOOST_TEST(idle.Get("/fast").status == 200);
  std::future<ClientResponse> slow = std::async(std::launch::async, [this] {
    return HttpClient(server->port()).Get("/slow");
  });
  BOOST_REQUIRE(entered.get_future().wait_for(5s) == std::future_status::ready);

  std::future<void> stopped =
      std::async(std::launch::async, [this] { server->Stop(); });
  BOOST_TEST(idle.WaitForClose(3s));
  BOOST_TEST((stopped.wait_for(200ms) == std::future_status::timeout));
  Release();
  ClientResponse response = slow.get();
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.Header("Connection").value_or("") == "close");
  BOOST_TEST((stopped.wait_for(5s) == std::future_status::ready));
  BOOST_TEST(server->open_connections() == 0u);
  BOOST_TEST(HttpClient(server->port()).Get("/fast").status == 0);
}

BOOST_AUTO_TEST_CASE(HandlerExceptionsAnswer500WithoutTheirMessage) {
  StartServer();
  ClientResponse response = HttpClient(server->port()).Get("/throw");
  BOOST_TEST(response.status == 500);
  BOOST_TEST(response.body.find("INTERNAL") != std::string::npos);
  BOOST_TEST(response.body.find("secret detail") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(StartReportsBindErrorsAsValues) {
  StartServer();
  ServerOptions taken = options;
  taken.listen = "127.0.0.1:" + std::to_string(server->port());
  Server second(taken);
  Status started = second.Start();
  BOOST_REQUIRE(!started.ok());
  BOOST_TEST(ErrorCodeName(started.error().code) == "UNAVAILABLE");
  BOOST_TEST(second.port() == 0u);
}

BOOST_AUTO_TEST_CASE(StartRejectsBadListenAddresses) {
  for (const char* listen : {"nonsense", "127.0.0.1:99999", "127.0.0.1:x"}) {
    ServerOptions bad = options;
    bad.listen = listen;
    Server server(bad);
    Status started = server.Start();
    BOOST_TEST(!started.ok(), listen);
    if (!started.ok()) {
      BOOST_TEST(ErrorCodeName(started.error().code) == "INVALID", listen);
    }
  }
}

BOOST_AUTO_TEST_CASE(StartTwiceFailsAndStopIsIdempotent) {
  StartServer();
  BOOST_TEST(!server->Start().ok());
  BOOST_TEST(server->local_address() ==
             "127.0.0.1:" + std::to_string(server->port()));
  server->Stop();
  server->Stop();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::http
