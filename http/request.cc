#include "http/request.h"

#include <boost/url/parse.hpp>
#include <cstdint>
#include <random>

namespace keytrail::http {

std::string_view Request::Param(std::string_view name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? std::string_view() : it->second;
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

bool IsPlainPath(std::string_view target) {
  if (target.empty() || target.front() != '/') return false;
  for (char c : target) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') ||
                       std::string_view("/-._~!$&'()*+,;=:@").find(c) !=
                           std::string_view::npos;
    if (!plain) return false;
  }
  return true;
}

Result<Request> MakeRequest(std::string method, std::string target) {
  if (IsPlainPath(target)) {
    Request request;
    request.method = std::move(method);
    request.path = target;
    request.target = std::move(target);
    return request;
  }
  auto url = boost::urls::parse_origin_form(target);
  if (!url) {
    return Error::Make(ErrorCode::kInvalid, "The request target is malformed.");
  }
  Request request;
  request.method = std::move(method);
  request.path = url->path();
  for (const auto& param : url->params()) {
    auto [it, inserted] = request.query.emplace(param.key, param.value);
    if (!inserted) {
      Error error = Error::Invalid(param.key, "is given twice");
      error.message = "Query parameter \"" + param.key + "\" is given twice.";
      return error;
    }
  }
  request.target = std::move(target);
  return request;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = generator();
  std::string id(16, '0');
  for (char& c : id) {
    c = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

}  // namespace keytrail::http
