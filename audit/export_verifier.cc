#include "audit/export_verifier.h"

#include <algorithm>
#include <bit>
#include <boost/json.hpp>
#include <deque>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "base/canonical_json.h"
#include "base/hex.h"
#include "base/sha256.h"
#include "eventstore/leaf_hash.h"
#include "eventstore/merkle.h"

namespace keytrail::audit {
namespace {

namespace json = boost::json;

Status AppendCanonical(const json::value& value, std::string& out) {
  switch (value.kind()) {
    case json::kind::null:
      out += "null";
      return OkStatus();
    case json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      return OkStatus();
    case json::kind::int64:
      out += std::to_string(value.get_int64());
      return OkStatus();
    case json::kind::uint64:
      out += std::to_string(value.get_uint64());
      return OkStatus();
    case json::kind::double_:
      return Error::Invalid("json", "holds a number that is not an integer");
    case json::kind::string:
      AppendJsonString(out, value.get_string());
      return OkStatus();
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const json::value& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        if (Status s = AppendCanonical(item, out); !s.ok()) return s;
      }
      out += ']';
      return OkStatus();
    }
    case json::kind::object: {
      // Keys in byte order, which is JCS's UTF-16 order for the BMP.
      std::vector<const json::key_value_pair*> fields;
      for (const json::key_value_pair& field : value.get_object()) {
        fields.push_back(&field);
      }
      std::sort(fields.begin(), fields.end(),
                [](auto* a, auto* b) { return a->key() < b->key(); });
      out += '{';
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        AppendJsonString(out, fields[i]->key());
        out += ':';
        if (Status s = AppendCanonical(fields[i]->value(), out); !s.ok()) {
          return s;
        }
      }
      out += '}';
      return OkStatus();
    }
  }
  return Error::Invalid("json", "holds an unknown value");
}

// The head's tree rebuilt from exported leaves and omitted subtrees.
class Rebuild {
 public:
  void AddLeaf(uint64_t index, std::string hash) {
    leaves_.emplace_back(index, std::move(hash));
  }
  void AddOmitted(uint64_t begin, uint64_t end, std::string hash) {
    omitted_[{begin, end}] = std::move(hash);
  }
  // MTH(D[begin:end]); an error names the first seq nothing covers.
  Result<std::string> Mth(uint64_t begin, uint64_t end) {
    if (auto it = omitted_.find({begin, end}); it != omitted_.end()) {
      return it->second;
    }
    if (end - begin == 1) {
      auto it = std::lower_bound(
          leaves_.begin(), leaves_.end(), begin,
          [](const auto& leaf, uint64_t index) { return leaf.first < index; });
      if (it == leaves_.end() || it->first != begin) {
        return Error::Make(ErrorCode::kNotFound, std::to_string(begin + 1));
      }
      ++used_;
      return it->second;
    }
    const uint64_t split =
        begin + (uint64_t{1} << (63 - std::countl_zero(end - begin - 1)));
    Result<std::string> left = Mth(begin, split);
    if (!left.ok()) return left;
    Result<std::string> right = Mth(split, end);
    if (!right.ok()) return right;
    return eventstore::HashChildren(*left, *right);
  }
  uint64_t used() const { return used_; }
  uint64_t leaves() const { return leaves_.size(); }

 private:
  std::vector<std::pair<uint64_t, std::string>> leaves_;  // by index
  std::map<std::pair<uint64_t, uint64_t>, std::string> omitted_;
  uint64_t used_ = 0;
};

ExportVerdict Bad(ExportVerdict verdict, uint64_t seq, std::string problem) {
  verdict.ok = false;
  verdict.bad_seq = seq;
  verdict.problem = std::move(problem);
  return verdict;
}

// Reads the "omitted" line into `tree`; false when it is malformed.
bool ReadOmitted(const json::object& line, Rebuild& tree) {
  const json::value* list = line.if_contains("omitted");
  if (list == nullptr || !list->is_array()) return false;
  for (const json::value& entry : list->get_array()) {
    const json::object* range = entry.if_object();
    const json::value* first =
        range ? range->if_contains("first_seq") : nullptr;
    const json::value* last = range ? range->if_contains("last_seq") : nullptr;
    const json::value* text = range ? range->if_contains("hash") : nullptr;
    if (first == nullptr || !first->is_int64() || first->get_int64() < 1 ||
        last == nullptr || !last->is_int64() ||
        last->get_int64() < first->get_int64() || text == nullptr ||
        !text->is_string()) {
      return false;
    }
    std::optional<std::string> hash = ParseHex(text->get_string());
    if (!hash || hash->size() != 32) return false;
    tree.AddOmitted(first->get_int64() - 1, last->get_int64(),
                    std::move(*hash));
  }
  return true;
}

// Checks one event line and adds its leaf to `tree`; the problem if any.
std::optional<ExportVerdict> CheckEvent(const std::string& line,
                                        ExportVerdict& verdict, Rebuild& tree,
                                        uint64_t& previous) {
  boost::system::error_code ec;
  json::value event = json::parse(line, ec);
  const json::object* object = ec ? nullptr : event.if_object();
  const json::value* seq_value = object ? object->if_contains("seq") : nullptr;
  const json::value* leaf_value =
      object ? object->if_contains("leaf_hash") : nullptr;
  if (seq_value == nullptr || !seq_value->is_int64() ||
      seq_value->get_int64() < 1 || leaf_value == nullptr ||
      !leaf_value->is_string()) {
    return Bad(verdict, previous + 1,
               "the line after seq " + std::to_string(previous) +
                   " is not an audit event");
  }
  const uint64_t seq = seq_value->get_int64();
  if (seq <= previous) {
    return Bad(verdict, seq,
               "seq " + std::to_string(seq) + " is out of order (after seq " +
                   std::to_string(previous) + ")");
  }
  json::object envelope;
  for (const auto& [key, value] : *object) {
    if (key != "leaf_hash") envelope[key] = value;
  }
  std::string canonical;
  Status rendered = AppendCanonical(envelope, canonical);
  const std::string hash = Sha256({std::string(1, '\0'), canonical});
  const std::string claimed(leaf_value->get_string());
  if (!rendered.ok() || HexOf(hash) != claimed) {
    return Bad(verdict, seq,
               "seq " + std::to_string(seq) + ": the event hashes to " +
                   HexOf(hash) + " but its leaf_hash is " + claimed +
                   ": the event was edited after export");
  }
  tree.AddLeaf(seq - 1, hash);
  previous = seq;
  ++verdict.events;
  return std::nullopt;
}

// Checks the tree rebuilt from the export against the signed head.
ExportVerdict CheckTree(ExportVerdict verdict, Rebuild& tree, uint64_t last_seq,
                        std::string_view public_key) {
  const SignedTreeHead& head = verdict.head;
  if (last_seq > head.tree_size) {
    return Bad(verdict, last_seq,
               "seq " + std::to_string(last_seq) +
                   " is beyond the head's tree of " +
                   std::to_string(head.tree_size) + " events");
  }
  Result<std::string> root =
      head.tree_size == 0 ? Result<std::string>(eventstore::EmptyTreeRoot())
                          : tree.Mth(0, head.tree_size);
  if (!root.ok()) {
    const uint64_t seq = std::stoull(root.error().message);
    return Bad(verdict, seq,
               "seq " + std::to_string(seq) +
                   " is missing: neither exported nor in an omitted subtree");
  }
  if (tree.used() != tree.leaves()) {
    return Bad(verdict, 0, "an omitted subtree overlaps exported events");
  }
  if (*root != head.root_hash) {
    return Bad(verdict, 0,
               "the events give the root " + HexOf(*root) +
                   " but the signed head says " + HexOf(head.root_hash) +
                   ": an event was changed together with its leaf_hash, "
                   "removed, or the head is not this log's");
  }
  if (!VerifyHead(head, public_key)) {
    return Bad(verdict, 0,
               "the head's signature does not verify with this public key");
  }
  verdict.ok = true;
  return verdict;
}

}  // namespace

Result<std::string> CanonicalJsonOf(std::string_view json_text) {
  boost::system::error_code ec;
  json::value value = json::parse(json_text, ec);
  if (ec) return Error::Invalid("json", "is not JSON: " + ec.message());
  std::string out;
  if (Status s = AppendCanonical(value, out); !s.ok()) return s.error();
  return out;
}

Result<ExportVerdict> VerifyExport(
    std::istream& in, std::string_view public_key,
    const std::function<void(uint64_t lines, uint64_t bytes)>& progress) {
  // Events are checked as they stream by; the last two lines (the
  // "omitted" line and the head) are held back until the end.
  ExportVerdict verdict;
  Rebuild tree;
  std::deque<std::string> held;
  uint64_t previous = 0;
  uint64_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    bytes += line.size() + 1;
    if (line.empty()) continue;
    held.push_back(std::move(line));
    if (held.size() <= 2) continue;
    if (auto bad = CheckEvent(held.front(), verdict, tree, previous)) {
      return *bad;
    }
    held.pop_front();
    if (progress && verdict.events % 65536 == 0) {
      progress(verdict.events, bytes);
    }
  }
  if (held.empty()) return Error::Invalid("export", "is empty");
  Result<SignedTreeHead> head = ParseHeadJson(held.back());
  if (!head.ok()) {
    return Error::Invalid("export",
                          "its last line is not a signed tree "
                          "head: " +
                              head.error().message);
  }
  verdict.head = *head;
  held.pop_back();
  if (!held.empty() && held.back().starts_with(R"({"omitted":)")) {
    boost::system::error_code ec;
    json::value omitted = json::parse(held.back(), ec);
    if (ec || !omitted.is_object() ||
        !ReadOmitted(omitted.get_object(), tree)) {
      return Bad(verdict, 0, "the \"omitted\" line is malformed");
    }
  } else if (!held.empty()) {
    if (auto bad = CheckEvent(held.back(), verdict, tree, previous)) {
      return *bad;
    }
  }
  if (progress) progress(verdict.events, bytes);
  return CheckTree(std::move(verdict), tree, previous, public_key);
}

}  // namespace keytrail::audit
