#include "harness/common_options.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace suanli::harness {
namespace {

TEST(OneOf, AbsentIsNulloptAcceptedIsItselfOtherIsOneLine) {
  Options options;
  EXPECT_EQ(one_of(options, "blas", blas_engine_keys), std::nullopt);
  options.set("blas", "openblas");
  EXPECT_EQ(blas_engine_key(options), "openblas");
  options.set("blas", "mkl");
  try {
    blas_engine_key(options);
    FAIL() << "mkl accepted";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--blas: expected blis or openblas, got 'mkl'");
  }
  options.set("mode", "d");
  EXPECT_THROW(
      {
        try {
          one_of(options, "mode", {"a", "b", "c"});
        } catch (const UsageError& e) {
          EXPECT_STREQ(e.what(), "--mode: expected a, b or c, got 'd'");
          throw;
        }
      },
      UsageError);
}

TEST(OneOf, TheBlasOptionIsNamedAndSaysItsValues) {
  const OptionSpec spec = blas_option();
  EXPECT_EQ(spec.name, "blas");
  EXPECT_EQ(spec.type, OptionType::text);
  EXPECT_NE(spec.help.find("blis or openblas"), std::string::npos) << spec.help;
}

TEST(OneOf, EveryBenchmarkOnTheDenseEngineTakesBlas) {
  for (const char* name : {"gemm", "hpl", "mxp", "transformer"}) {
    const BenchmarkDescriptor* b = Registry::instance().find(name);
    ASSERT_NE(b, nullptr) << name;
    int found = 0;
    for (const OptionSpec& o : b->options) found += o.name == "blas";
    EXPECT_EQ(found, 1) << name;
  }
}

}  // namespace
}  // namespace suanli::harness
