// Side tables: key-value spaces beside the log.
#include <boost/test/unit_test.hpp>

#include "tests/eventstore/store_test_util.h"

namespace keytrail::eventstore {
namespace {

using test::TempDir;
using testing::OpenStore;

std::string ScanAll(SideTable& table, const std::string& from,
                    const std::string& to, int limit = 100) {
  std::string text;
  Status status = table.Scan(
      from, to, [&](const std::string& key, const std::string& value) {
        text += key + "=" + value + " ";
        return --limit > 0;
      });
  return status.ok() ? text : "error";
}

BOOST_AUTO_TEST_SUITE(SideTables)

BOOST_AUTO_TEST_CASE(PutGetDeleteAndScanInKeyOrder) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  SideTable* table = store->Table("checkpoints");
  BOOST_TEST(store->Table("checkpoints") == table);
  BOOST_REQUIRE(table->Put("b", "2").ok());
  BOOST_REQUIRE(table->Put("a", "1").ok());
  BOOST_REQUIRE(table->Put("c", "3").ok());
  BOOST_REQUIRE(table->Delete("b").ok());
  BOOST_TEST(table->Get("a")->value() == "1");
  BOOST_TEST(!table->Get("b")->has_value());
  BOOST_TEST(ScanAll(*table, "", "") == "a=1 c=3 ");
  BOOST_TEST(ScanAll(*table, "b", "") == "c=3 ");
  BOOST_TEST(ScanAll(*table, "a", "c") == "a=1 ");
  BOOST_TEST(ScanAll(*table, "", "", 1) == "a=1 ");
}

BOOST_AUTO_TEST_CASE(DerivedTableKeepsItsWritesAcrossACleanReopen) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path().string());
    SideTable* table = store->Table("usage", SideTableWrites::kDerived);
    // The first call for a name decides how it writes; later calls get it.
    BOOST_TEST(store->Table("usage") == table);
    BOOST_REQUIRE(table->Write({{"a", "1"}, {"b", "2"}}).ok());
    BOOST_REQUIRE(table->Put("c", "3").ok());
  }
  auto store = OpenStore(dir.path().string());
  BOOST_TEST(ScanAll(*store->Table("usage", SideTableWrites::kDerived), "",
                     "") == "a=1 b=2 c=3 ");
}

BOOST_AUTO_TEST_CASE(TablesAreSeparateSpaces) {
  TempDir dir;
  auto store = OpenStore(dir.path().string());
  BOOST_REQUIRE(store->Table("one")->Put("k", "1").ok());
  BOOST_REQUIRE(store->Table("two")->Put("k", "2").ok());
  BOOST_TEST(ScanAll(*store->Table("one"), "", "") == "k=1 ");
  BOOST_TEST(ScanAll(*store->Table("two"), "", "") == "k=2 ");
  BOOST_TEST(
      (store->Table("")->Put("k", "v").error().code == ErrorCode::kInvalid));
}

BOOST_AUTO_TEST_CASE(WriteAppliesPutsAndDeletesTogetherAndPersists) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path().string());
    SideTable* table = store->Table("vault");
    BOOST_REQUIRE(table->Put("old", "x").ok());
    BOOST_REQUIRE(
        table->Write({{"k1", "v1"}, {"old", std::nullopt}, {"k2", "v2"}}).ok());
  }
  auto store = OpenStore(dir.path().string());
  BOOST_TEST(ScanAll(*store->Table("vault"), "", "") == "k1=v1 k2=v2 ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace keytrail::eventstore
