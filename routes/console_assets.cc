#include "routes/console_assets.h"

#include <vector>

#include "base/embedded_file.h"
#include "base/sha256.h"

namespace keytrail::embedded {
std::span<const EmbeddedFile> console();  // console/
}  // namespace keytrail::embedded

namespace keytrail::http {

namespace {

std::string_view ContentTypeOf(std::string_view path) {
  auto ends = [&](std::string_view suffix) { return path.ends_with(suffix); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

std::vector<ConsoleAsset> BuildAssets() {
  std::vector<ConsoleAsset> assets;
  for (const EmbeddedFile& file : embedded::console()) {
    assets.push_back(ConsoleAsset{
        file.path, ContentTypeOf(file.path),
        "\"" + Sha256DigestHex(Sha256DigestOf(file.content)) + "\"",
        file.content});
  }
  return assets;
}

}  // namespace

std::span<const ConsoleAsset> ConsoleAssets() {
  static const std::vector<ConsoleAsset> assets = BuildAssets();
  return assets;
}

const ConsoleAsset* FindConsoleAsset(std::string_view path) {
  for (const ConsoleAsset& asset : ConsoleAssets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace keytrail::http
