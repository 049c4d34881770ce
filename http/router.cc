#include "http/router.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <optional>
#include <set>

namespace keytrail::http {

namespace {

// Ordered by specificity: a higher kind wins over a lower one.
enum class SegmentKind { kParam = 0, kParamWithSuffix = 1, kLiteral = 2 };

struct Segment {
  SegmentKind kind = SegmentKind::kLiteral;
  std::string text;   // the literal, or the suffix after {param}
  std::string param;  // parameter name; empty for literals
};

bool IsParamNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

Error BadRoute(std::string_view pattern, std::string_view why) {
  return Error::Make(ErrorCode::kInvalid, "route \"" + std::string(pattern) +
                                              "\": " + std::string(why));
}

Result<Segment> ParseSegment(std::string_view piece) {
  auto invalid = [piece](std::string why) -> Error {
    return Error::Make(ErrorCode::kInvalid,
                       "segment \"" + std::string(piece) + "\" " + why);
  };
  if (piece.empty()) return invalid("is empty");
  if (piece.front() != '{') {
    if (piece.find_first_of("{}") != std::string_view::npos) {
      return invalid("has a brace outside a leading {param}");
    }
    return Segment{SegmentKind::kLiteral, std::string(piece), ""};
  }
  std::size_t close = piece.find('}');
  if (close == std::string_view::npos) return invalid("has no closing brace");
  std::string_view name = piece.substr(1, close - 1);
  std::string_view suffix = piece.substr(close + 1);
  if (name.empty() || !std::all_of(name.begin(), name.end(), IsParamNameChar)) {
    return invalid("has a bad parameter name");
  }
  if (suffix.find_first_of("{}") != std::string_view::npos) {
    return invalid("has more than one parameter");
  }
  SegmentKind kind =
      suffix.empty() ? SegmentKind::kParam : SegmentKind::kParamWithSuffix;
  return Segment{kind, std::string(suffix), std::string(name)};
}

// Returns the decoded segments of the path of `target`, or nullopt when the
// target is not origin-form.
std::optional<std::vector<std::string>> SplitTarget(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  std::vector<std::string> segments;
  for (std::string segment : url->segments()) {
    segments.push_back(std::move(segment));
  }
  return segments;
}

// Returns true and fills `params` when `segment` matches `pattern`.
bool MatchSegment(const Segment& pattern, const std::string& segment,
                  ParamMap& params) {
  switch (pattern.kind) {
    case SegmentKind::kLiteral:
      return segment == pattern.text;
    case SegmentKind::kParam:
      if (segment.empty() || segment.find(':') != std::string::npos) {
        return false;
      }
      params[pattern.param] = segment;
      return true;
    case SegmentKind::kParamWithSuffix: {
      if (segment.size() <= pattern.text.size() ||
          !segment.ends_with(pattern.text)) {
        return false;
      }
      std::string value =
          segment.substr(0, segment.size() - pattern.text.size());
      if (value.find(':') != std::string::npos) return false;
      params[pattern.param] = std::move(value);
      return true;
    }
  }
  return false;
}

}  // namespace

struct Router::Entry {
  Route route;
  std::vector<Segment> segments;
  std::string shape;  // the pattern with parameter names erased

  bool Match(const std::vector<std::string>& path, ParamMap& params) const {
    if (path.size() != segments.size()) return false;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (!MatchSegment(segments[i], path[i], params)) return false;
    }
    return true;
  }

  // Returns true when this entry is more specific than `other`.
  bool MoreSpecificThan(const Entry& other) const {
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (segments[i].kind != other.segments[i].kind) {
        return segments[i].kind > other.segments[i].kind;
      }
    }
    return false;
  }
};

Router::Router() = default;
Router::~Router() = default;

Status Router::Add(Route route) {
  std::string_view pattern = route.pattern;
  if (route.method.empty()) return BadRoute(pattern, "method is empty");
  if (route.name.empty()) return BadRoute(pattern, "name is empty");
  if (!route.handler) return BadRoute(pattern, "handler is empty");
  if (pattern.empty() || pattern.front() != '/') {
    return BadRoute(pattern, "must start with '/'");
  }
  Entry entry;
  std::set<std::string, std::less<>> names;
  if (pattern != "/") {
    std::string_view rest = pattern.substr(1);
    while (true) {
      std::size_t slash = rest.find('/');
      if (rest.empty() && !entry.segments.empty()) {
        // A trailing slash ("/console/"): an empty last literal.
        entry.shape += "/";
        entry.segments.push_back(Segment{SegmentKind::kLiteral, "", ""});
        break;
      }
      auto segment = ParseSegment(rest.substr(0, slash));
      if (!segment.ok()) return BadRoute(pattern, segment.error().message);
      if (!segment->param.empty() && !names.insert(segment->param).second) {
        return BadRoute(pattern,
                        "parameter {" + segment->param + "} appears twice");
      }
      entry.shape += segment->param.empty() ? "/" : "/{}";
      entry.shape += segment->text;
      entry.segments.push_back(std::move(segment).value());
      if (slash == std::string_view::npos) break;
      rest = rest.substr(slash + 1);
    }
  }
  for (const Entry& existing : entries_) {
    if (existing.route.method == route.method &&
        existing.shape == entry.shape) {
      return Error::Make(ErrorCode::kConflict,
                         route.method + " " + route.pattern +
                             " collides with " + existing.route.pattern);
    }
  }
  // A plain pattern is its own decoded path, so a target equal to it
  // decodes to it too.
  if (IsPlainPath(route.pattern) &&
      std::none_of(entry.segments.begin(), entry.segments.end(),
                   [](const Segment& s) { return !s.param.empty(); })) {
    literal_[route.pattern].push_back(entries_.size());
  }
  entry.route = std::move(route);
  entries_.push_back(std::move(entry));
  return OkStatus();
}

const Router::Entry* Router::FindLiteral(std::string_view method,
                                         std::string_view target) const {
  auto it = literal_.find(target);
  if (it == literal_.end()) return nullptr;
  for (size_t index : it->second) {
    if (entries_[index].route.method == method) return &entries_[index];
  }
  return nullptr;
}

RouteMatch Router::Find(std::string_view method,
                        std::string_view target) const {
  RouteMatch match;
  if (const Entry* literal = FindLiteral(method, target)) {
    match.kind = RouteMatch::Kind::kFound;
    match.route = &literal->route;
    return match;
  }
  auto path = SplitTarget(target);
  if (!path) return match;

  std::vector<const Entry*> on_path;
  for (const Entry& entry : entries_) {
    ParamMap ignored;
    if (entry.Match(*path, ignored)) on_path.push_back(&entry);
  }
  if (on_path.empty()) return match;

  auto best_for = [&on_path](std::string_view wanted) -> const Entry* {
    const Entry* best = nullptr;
    for (const Entry* entry : on_path) {
      if (entry->route.method != wanted) continue;
      if (best == nullptr || entry->MoreSpecificThan(*best)) best = entry;
    }
    return best;
  };
  const Entry* best = best_for(method);
  if (best == nullptr && method == "HEAD") best = best_for("GET");
  if (best != nullptr) {
    match.kind = RouteMatch::Kind::kFound;
    match.route = &best->route;
    best->Match(*path, match.params);
    return match;
  }

  std::set<std::string> allowed;
  for (const Entry* entry : on_path) {
    allowed.insert(entry->route.method);
    if (entry->route.method == "GET") allowed.insert("HEAD");
  }
  match.kind = RouteMatch::Kind::kMethodNotAllowed;
  match.allowed.assign(allowed.begin(), allowed.end());
  return match;
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  routes.reserve(entries_.size());
  for (const Entry& entry : entries_) {
    routes.push_back({entry.route.method, entry.route.pattern, entry.route.name,
                      entry.route.blocking});
  }
  return routes;
}

}  // namespace keytrail::http
