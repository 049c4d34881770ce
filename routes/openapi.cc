#include "routes/openapi.h"

#include <span>
#include <string>

#include "base/embedded_file.h"

namespace keytrail::embedded {
std::span<const EmbeddedFile> openapi();  // routes/openapi.json
}  // namespace keytrail::embedded

namespace keytrail::http {

std::string_view OpenApiDocument() {
  return embedded::openapi().front().content;
}

}  // namespace keytrail::http
