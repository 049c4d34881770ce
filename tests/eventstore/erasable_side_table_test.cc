// SideTableWrites::kErasable (event_store.h): once a Delete (or an
// overwriting Put) returns, the old value is in no file of the store, even
// when it had reached the table's files before (a reopen) and the log
// keeps being written. A kDurable table, for contrast, keeps the old value
// in its files until a compaction happens to drop it.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/eventstore/store_test_util.h"

namespace keytrail::eventstore::testing {
namespace {

namespace fs = std::filesystem;

// True when a file under `dir` holds `bytes`.
bool AnyFileHolds(const fs::path& dir, const std::string& bytes) {
  for (const fs::directory_entry& entry :
       fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    if (text.find(bytes) != std::string::npos) return true;
  }
  return false;
}

// Puts two values, reopens the store (they reach the table files), deletes
// one and overwrites the other, closes; returns which old values any file
// still holds ("deleted", "overwritten", both or none).
std::string WhatRemains(SideTableWrites writes) {
  test::TempDir dir;
  const std::string path = PathIn(dir, "store");
  const std::string deleted = "secret-one-4f1d9a7c2b";
  const std::string overwritten = "secret-two-8e3b5c1a9d";
  {
    auto store = OpenStore(path);
    SideTable* table = store->Table("vault", writes);
    BOOST_REQUIRE(table->Put("tok_1", deleted).ok());
    BOOST_REQUIRE(table->Put("tok_2", overwritten).ok());
  }
  {
    auto store = OpenStore(path);
    SideTable* table = store->Table("vault", writes);
    BOOST_REQUIRE(table->Get("tok_1")->value() == deleted);
    BOOST_REQUIRE(table->Delete("tok_1").ok());
    BOOST_REQUIRE(table->Put("tok_2", "new").ok());
    BOOST_REQUIRE(
        store->Append("a", ExpectedVersion::Any(), {MakeEvent("After")}).ok());
    BOOST_TEST(!table->Get("tok_1")->has_value());
    BOOST_TEST(table->Get("tok_2")->value() == "new");
  }
  std::string remains;
  if (AnyFileHolds(path, deleted)) remains += "deleted ";
  if (AnyFileHolds(path, overwritten)) remains += "overwritten ";
  // Whatever the mode, the table still reads right after a reopen.
  auto store = OpenStore(path);
  BOOST_TEST(!store->Table("vault", writes)->Get("tok_1")->has_value());
  return remains;
}

BOOST_AUTO_TEST_SUITE(ErasableSideTable)

BOOST_AUTO_TEST_CASE(OldValuesAreInNoFileOnceDeletedOrOverwritten) {
  BOOST_TEST(WhatRemains(SideTableWrites::kErasable) == "");
}

BOOST_AUTO_TEST_CASE(ADurableTableKeepsThemUntilACompaction) {
  BOOST_TEST(WhatRemains(SideTableWrites::kDurable) == "deleted overwritten ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore::testing
