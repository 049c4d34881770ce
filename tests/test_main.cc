// The one translation unit per test executable that defines Boost.Test's
// main(); every *_test.cc beside it only adds test cases.
#define BOOST_TEST_MODULE keytrail
#include <boost/test/unit_test.hpp>
