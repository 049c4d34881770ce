#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <latch>
#include <limits>
#include <thread>
#include <vector>

#include "base/available_cpus.h"
#include "base/log.h"
#include "base/thread_name.h"
#include "http/connection_tracker.h"
#include "http/dispatcher.h"
#include "http/listener.h"

namespace keytrail::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

Error BadOption(std::string option, std::string why) {
  Error error = Error::Invalid(option, why);
  error.message = "ServerOptions::" + option + " " + why;
  return error;
}

Status CheckOptions(const ServerOptions& options) {
  if (options.io_threads < 0) return BadOption("io_threads", "is < 0");
  if (options.worker_threads < 1) {
    return BadOption("worker_threads", "is < 1");
  }
  if (options.body_limit == 0) return BadOption("body_limit", "is 0");
  if (options.header_limit == 0 ||
      options.header_limit > std::numeric_limits<std::uint32_t>::max()) {
    return BadOption("header_limit", "is 0 or over 4 GiB");
  }
  return OkStatus();
}

int IoThreadCount(const ServerOptions& options) {
  if (options.io_threads > 0) return options.io_threads;
  return AvailableCpus();
}

void RunIoContext(net::io_context& io_context) {
  NameThisThread("kt-io");
  while (true) {
    try {
      io_context.run();
      return;
    } catch (const std::exception& e) {
      Log(spdlog::level::err, "uncaught exception on an I/O thread",
          {{"error", e.what()}});
    }
  }
}

}  // namespace

// Members are destroyed bottom-up: the listener and the io_contexts (which
// hold the last references to sessions) go before the dispatcher, the
// worker pool, the tracker and the router that sessions point to. One
// io_context per I/O thread (listener.h).
struct Server::Impl {
  enum class State { kNew, kBound, kRunning, kStopped };

  ServerOptions options;
  Router router;
  Metrics* metrics = nullptr;
  std::shared_ptr<ConnectionTracker> tracker =
      std::make_shared<ConnectionTracker>();
  std::unique_ptr<net::thread_pool> workers;
  std::unique_ptr<Dispatcher> dispatcher;
  std::vector<std::unique_ptr<net::io_context>> io_contexts;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  tcp::endpoint endpoint;
  std::atomic<uint16_t> port{0};
  State state = State::kNew;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

Server::~Server() { Stop(); }

const ServerOptions& Server::options() const { return impl_->options; }
Router& Server::router() { return impl_->router; }
const Router& Server::router() const { return impl_->router; }
void Server::set_metrics(Metrics* metrics) { impl_->metrics = metrics; }

Status Server::Bind() {
  Impl& impl = *impl_;
  if (impl.state != Impl::State::kNew) {
    return Error::Make(ErrorCode::kInternal,
                       "Server::Bind() after Bind() or Start()");
  }
  if (Status valid = CheckOptions(impl.options); !valid.ok()) return valid;
  auto endpoint = ResolveListenAddress(impl.options.listen);
  if (!endpoint.ok()) return endpoint.error();

  int io_threads = IoThreadCount(impl.options);
  std::vector<std::unique_ptr<net::io_context>> io_contexts;
  std::vector<net::io_context*> session_contexts;
  for (int i = 0; i < io_threads; ++i) {
    // Concurrency hint 1: each context is run by exactly one thread.
    io_contexts.push_back(std::make_unique<net::io_context>(1));
    session_contexts.push_back(io_contexts.back().get());
  }
  auto workers = std::make_unique<net::thread_pool>(
      static_cast<std::size_t>(impl.options.worker_threads));
  {
    // Names every worker: tasks that wait for each other run on as many
    // threads as there are tasks. Each task holds the latch: a waiter may
    // still be inside arrive_and_wait() after the count reached zero.
    auto named = std::make_shared<std::latch>(impl.options.worker_threads);
    for (int i = 0; i < impl.options.worker_threads; ++i) {
      net::post(*workers, [named] {
        NameThisThread("kt-worker");
        named->arrive_and_wait();
      });
    }
    named->wait();
  }
  auto dispatcher = std::make_unique<Dispatcher>(
      &impl.router,
      [pool = workers.get()](std::function<void()> task) {
        net::post(*pool, std::move(task));
      },
      impl.metrics);
  auto context = std::make_shared<SessionContext>();
  context->options = impl.options;
  context->dispatcher = dispatcher.get();
  context->tracker = impl.tracker;
  context->metrics = impl.metrics;
  auto listener = Listener::Open(std::move(session_contexts), *endpoint,
                                 std::move(context));
  if (!listener.ok()) {
    workers->join();
    return listener.error();
  }

  impl.workers = std::move(workers);
  impl.dispatcher = std::move(dispatcher);
  impl.io_contexts = std::move(io_contexts);
  for (auto& io_context : impl.io_contexts) {
    impl.work.push_back(net::make_work_guard(*io_context));
  }
  impl.listener = std::move(listener).value();
  impl.endpoint = impl.listener->local_endpoint();
  impl.port = impl.endpoint.port();
  impl.state = Impl::State::kBound;
  return OkStatus();
}

Status Server::Start() {
  Impl& impl = *impl_;
  if (impl.state == Impl::State::kNew) {
    if (Status bound = Bind(); !bound.ok()) return bound;
  }
  if (impl.state != Impl::State::kBound) {
    return Error::Make(ErrorCode::kInternal, "Server::Start() called twice");
  }
  impl.listener->Run();
  for (auto& io_context : impl.io_contexts) {
    impl.threads.emplace_back(
        [io_context = io_context.get()] { RunIoContext(*io_context); });
  }
  impl.state = Impl::State::kRunning;
  Log(spdlog::level::info, "http server started",
      {{"address", local_address()},
       {"io_threads", impl.io_contexts.size()},
       {"worker_threads", impl.options.worker_threads}});
  return OkStatus();
}

void Server::Stop() {
  Impl& impl = *impl_;
  if (impl.state == Impl::State::kBound) {  // never served: unbind
    impl.state = Impl::State::kStopped;
    impl.listener->Stop();
    impl.work.clear();
    // No thread runs the contexts yet: run the close here.
    for (auto& io_context : impl.io_contexts) io_context->poll();
    impl.workers->stop();
    impl.workers->join();
    return;
  }
  if (impl.state != Impl::State::kRunning) return;
  impl.state = Impl::State::kStopped;
  impl.listener->Stop();
  impl.tracker->ShutdownAll();
  if (!impl.tracker->WaitUntilEmpty(impl.options.shutdown_timeout)) {
    Log(spdlog::level::warn, "shutdown timeout, closing connections",
        {{"open_connections", impl.tracker->open()}});
  }
  impl.work.clear();
  for (auto& io_context : impl.io_contexts) io_context->stop();
  for (std::thread& thread : impl.threads) thread.join();
  impl.threads.clear();
  // Drops queued blocking handlers; waits for the ones already running.
  impl.workers->stop();
  impl.workers->join();
  Log(spdlog::level::info, "http server stopped", {});
}

uint16_t Server::port() const { return impl_->port.load(); }

std::string Server::local_address() const {
  if (port() == 0) return "";
  const tcp::endpoint& endpoint = impl_->endpoint;
  std::string host = endpoint.address().to_string();
  if (endpoint.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(endpoint.port());
}

std::size_t Server::open_connections() const { return impl_->tracker->open(); }

}  // namespace keytrail::http
