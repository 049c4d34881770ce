// Fuzzes what a GET's query string reaches: the request target parser
// (percent-decoding, repeated parameters), as_of and cursors. The input is
// a request target; its "as_of" and "cursor" parameters go to their
// parsers. A cursor that decodes encodes back to one that decodes.
#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/request.h"
#include "projections/as_of.h"
#include "projections/cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string target(reinterpret_cast<const char*>(data), size);
  auto request = keytrail::http::MakeRequest("GET", target);
  // A plain path skips the URL parser: it must be what the parser decodes.
  if (keytrail::http::IsPlainPath(target)) {
    auto url = boost::urls::parse_origin_form(target);
    if (!url || url->path() != target || !url->params().empty() ||
        !request.ok() || request->path != target) {
      std::abort();
    }
  }
  if (!request.ok()) return 0;
  if (auto as_of = request->Query("as_of")) {
    (void)keytrail::projections::ParseAsOf(*as_of);
  }
  if (auto cursor = request->Query("cursor")) {
    for (std::string_view list : {"tokens", "groups", "users"}) {
      auto position = keytrail::projections::DecodeCursor(list, *cursor);
      if (!position.ok()) continue;
      std::string again = keytrail::projections::EncodeCursor(list, *position);
      if (!keytrail::projections::DecodeCursor(list, again).ok()) std::abort();
    }
  }
  return 0;
}
