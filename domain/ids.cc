#include "domain/ids.h"

#include "base/base62.h"

namespace keytrail {

std::string NewId(std::string_view prefix, RandomSource& random) {
  std::string id(prefix);
  AppendRandomBase62(id, kIdRandomChars, random);
  return id;
}

}  // namespace keytrail
