#include "app/store_check.h"

#include <chrono>

#include "base/log.h"
#include "base/thread_name.h"

namespace keytrail::app {

StoreCheck::StoreCheck(eventstore::EventStore& store)
    : thread_([this, &store] { Run(store); }) {}

StoreCheck::~StoreCheck() { Stop(); }

void StoreCheck::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::optional<std::string> StoreCheck::problem() const {
  std::lock_guard<std::mutex> lock(mu_);
  return problem_;
}

void StoreCheck::Run(eventstore::EventStore& store) {
  NameThisThread("kt-store-check");
  const auto start = std::chrono::steady_clock::now();
  Status verified = store.VerifyChecksums(stop_);
  if (!verified.ok()) {
    const Error& error = verified.error();
    // The message names the file; the server keeps serving what it can.
    Log(spdlog::level::err, "event store check failed",
        {{"code", ErrorCodeName(error.code)}, {"detail", error.message}});
    std::lock_guard<std::mutex> lock(mu_);
    problem_ = error.message;
  } else if (!stop_.load()) {
    Log(spdlog::level::info, "event store checked",
        {{"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count()}});
  }
  done_ = true;
}

}  // namespace keytrail::app
