// GET /metrics over HTTP: the families docs/api.md §6 promises, counts that
// move with traffic, and labels that never carry a path, a query or a secret.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "tests/support/api.h"
#include "tests/support/test_server.h"

namespace keytrail::test {
namespace {

std::string Scrape(TestServer& server) {
  ClientResponse response = server.Client().Get("/metrics");
  BOOST_REQUIRE_EQUAL(response.status, 200);
  BOOST_TEST(response.Header("Content-Type")
                 .value_or("")
                 .starts_with("text/plain; version=0.0.4"));
  return response.body;
}

// The value of the sample line that starts with `series` ("name{...}").
double Sample(const std::string& text, const std::string& series) {
  size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  at += series.size() + 2;
  return std::stod(text.substr(at, text.find('\n', at) - at));
}

BOOST_FIXTURE_TEST_CASE(MetricsExposeEveryPromisedFamily, TestServer) {
  std::string text = Scrape(*this);
  for (const char* family : {
           "keytrail_http_requests_total",
           "keytrail_http_request_duration_seconds",
           "keytrail_verify_duration_seconds",
           "keytrail_events_appended_total",
           "keytrail_append_batch_events",
           "keytrail_append_write_seconds",
           "keytrail_projection_lag_events",
           "keytrail_usage_dropped_total",
           "keytrail_usage_flush_window_seconds",
           "keytrail_open_connections",
           "keytrail_console_sessions",
           "keytrail_cluster_leader",
           "keytrail_credit_leases_total",
           "keytrail_rocksdb_sst_bytes",
           "keytrail_rocksdb_pending_compaction_bytes",
       }) {
    BOOST_TEST_INFO(family);
    BOOST_TEST(text.find(std::string("# TYPE ") + family + " ") !=
               std::string::npos);
  }
}

BOOST_FIXTURE_TEST_CASE(MetricsCountRequestsByRouteNameAndStatus, TestServer) {
  Api api(Client(), server().operator_secret());
  api.CreateAccount("acme");
  std::string group = api.CreateGroup("acme", "ERP", "api", {"*"});
  CreatedToken token = api.CreateToken("acme", "ERP sync", {group});
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(api.VerifyCode(token.secret) == "VALID");
  BOOST_TEST(Client().Get("/no/such/path?secret=" + token.secret).status ==
             404);

  std::string text = Scrape(*this);
  BOOST_TEST(Sample(text,
                    "keytrail_http_requests_total{route=\"verify\","
                    "status=\"200\"}") == 3);
  BOOST_TEST(Sample(text,
                    "keytrail_http_requests_total{route=\"unmatched\","
                    "status=\"404\"}") == 1);
  BOOST_TEST(Sample(text,
                    "keytrail_verify_duration_seconds_count{route="
                    "\"verify\"}") == 3);
  BOOST_TEST(Sample(text, "keytrail_events_appended_total") >= 3);
  BOOST_TEST(Sample(text, "keytrail_append_batch_events_count") >= 1);
  BOOST_TEST(Sample(text, "keytrail_open_connections") >= 1);
  // Labels are route names only: no raw path, no query, no secret.
  BOOST_TEST(text.find(token.secret) == std::string::npos);
  BOOST_TEST(text.find("/no/such/path") == std::string::npos);
  BOOST_TEST(text.find("/v1/") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(UsageFlushWindowIsTheSpanOfTheLastFlush, TestServer) {
  // The flusher runs every second; once two flushes ran, the gauge holds
  // the span the second one aggregated: positive, and on an idle machine
  // not much more than the interval.
  double window = 0;
  for (int i = 0; i < 100 && window <= 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    window = Sample(Scrape(*this), "keytrail_usage_flush_window_seconds");
  }
  BOOST_TEST(window > 0.5);
  BOOST_TEST(window < 30.0);
}

BOOST_FIXTURE_TEST_CASE(ProjectionLagIsZeroOnceReady, TestServer) {
  Api api(Client(), server().operator_secret());
  api.CreateAccount("acme");
  BOOST_REQUIRE(Client().Get("/readyz").status == 200);
  BOOST_TEST(Sample(Scrape(*this), "keytrail_projection_lag_events") == 0);
}

BOOST_FIXTURE_TEST_CASE(RequestsRejectedBeforeRoutingAreCounted, TestServer) {
  BOOST_TEST(Client().Post("/v1/verify", std::string(70 * 1024, 'x')).status ==
             413);
  BOOST_TEST(Sample(Scrape(*this),
                    "keytrail_http_requests_total{route=\"rejected\","
                    "status=\"413\"}") == 1);
}

// Every sample line is `name{labels} number` or `name number`.
BOOST_FIXTURE_TEST_CASE(EveryLineIsValidExposition, TestServer) {
  std::regex sample(
      R"(^[a-z_]+(\{[a-z_]+="[A-Za-z0-9_.+-]*"(,[a-z_]+="[A-Za-z0-9_.+-]*")*\})? [0-9.e+-]+$)");
  std::string text = Scrape(*this);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    BOOST_TEST_INFO(line);
    BOOST_TEST(std::regex_match(line, sample));
  }
}

}  // namespace
}  // namespace keytrail::test
