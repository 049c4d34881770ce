#include "audit/head_publisher.h"

#include "base/log.h"
#include "base/thread_name.h"

namespace keytrail::audit {

HeadPublisher::HeadPublisher(eventstore::EventStore& store, HeadLog& heads,
                             AuditKey key, const Clock& clock,
                             HeadPublisherOptions options)
    : store_(store),
      heads_(heads),
      key_(std::move(key)),
      clock_(clock),
      options_(options) {}

HeadPublisher::~HeadPublisher() { Stop(); }

Status HeadPublisher::Start() {
  Result<std::optional<SignedTreeHead>> latest = heads_.Latest();
  if (!latest.ok()) return latest.error();
  {
    std::lock_guard<std::mutex> lock(mu_);
    latest_ = std::move(*latest);
  }
  Result<SignedTreeHead> published = PublishNow();
  if (!published.ok()) return published.error();
  thread_ = std::thread([this] { Run(); });
  return OkStatus();
}

Result<SignedTreeHead> HeadPublisher::PublishNow() {
  std::lock_guard<std::mutex> publishing(publish_mu_);
  const uint64_t size = store_.HeadSeq();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (latest_ && latest_->tree_size >= size) return *latest_;
  }
  Result<std::string> root = store_.TreeRoot(size);
  if (!root.ok()) return root.error();
  SignedTreeHead head = SignHead(key_, size, std::move(*root), clock_.Now());
  if (Status kept = heads_.Put(head); !kept.ok()) return kept.error();
  std::lock_guard<std::mutex> lock(mu_);
  latest_ = head;
  return head;
}

std::optional<SignedTreeHead> HeadPublisher::Latest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return latest_;
}

void HeadPublisher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
    Result<SignedTreeHead> last = PublishNow();
    if (!last.ok()) {
      Log(spdlog::level::err, "cannot publish the last tree head",
          {{"detail", last.error().message}});
    }
  }
}

void HeadPublisher::Run() {
  NameThisThread("kt-heads");
  std::unique_lock<std::mutex> lock(mu_);
  while (
      !wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) {
    lock.unlock();
    Result<SignedTreeHead> published = PublishNow();
    if (!published.ok()) {
      Log(spdlog::level::err, "cannot publish a tree head",
          {{"detail", published.error().message}});
    }
    lock.lock();
  }
}

}  // namespace keytrail::audit
