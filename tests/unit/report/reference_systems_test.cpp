// The embedded table of reference systems parses, and a run's figures meet each
// published figure of the same kind, and only those.
#include "report/reference_systems.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace suanli {
namespace {

using nlohmann::json;

TEST(ReferenceSystems, TheEmbeddedTableParses) {
  const std::vector<ReferenceSystem>& systems = reference_systems();
  ASSERT_GE(systems.size(), 10u);
  EXPECT_EQ(systems.front().system, "El Capitan");
  EXPECT_DOUBLE_EQ(systems.front().rmax_fp64, 1.809e18);
  EXPECT_TRUE(std::isnan(systems.front().rpeak_fp64));  // not published in that row
  EXPECT_FALSE(systems.front().source.empty());
  bool console = false;
  for (const ReferenceSystem& s : systems) console |= s.system.find("Xbox") != std::string::npos && s.rpeak_fp32 == 1.215e13;
  EXPECT_TRUE(console);
}

TEST(ReferenceSystems, SourcesMayHoldCommas) {
  const auto systems = parse_reference_systems("# c\nsystem,site,list,rmax_fp64,rpeak_fp64,mxp,rpeak_fp32,source\n"
                                               "X,Y,Z,1e15,,2e15,,a list, and a paper\n");
  ASSERT_EQ(systems.size(), 1u);
  EXPECT_EQ(systems[0].source, "a list, and a paper");
  EXPECT_DOUBLE_EQ(systems[0].mxp, 2e15);
}

TEST(ReferenceSystems, EachFigureMeetsItsKind) {
  const std::vector<ReferenceSystem> systems =
      parse_reference_systems("system,site,list,rmax_fp64,rpeak_fp64,mxp,rpeak_fp32,source\n"
                              "Big,S,L,1e18,2e18,1e19,,src\nPhone,P,device,,1e12,,2e12,vendor\n");
  auto result = [](const char* benchmark, const char* precision, double value, double rpeak, bool passed = true) {
    return json{{"benchmark", benchmark}, {"precision", precision}, {"value", value}, {"rpeak", rpeak},
                {"verification", {{"passed", passed}}}};
  };
  const json report = {{"results", json::array({result("hpl", "fp64", 1e11, 2.6e11), result("mxp", "fp32", 2e11, 5e11),
                                                result("gemm", "fp32", 3e11, 5.3e11),
                                                result("hpl", "fp64", 9e11, 9e11, false)})}};
  const std::vector<ReferenceComparison> c = compare_with_references(report, systems);
  ASSERT_EQ(c.size(), 5u);  // Big: Rmax, Rpeak FP64, MxP; Phone: Rpeak FP64, Rpeak FP32
  EXPECT_EQ(c[0].figure, "HPL Rmax (FP64)");
  EXPECT_DOUBLE_EQ(c[0].measured, 1e11);  // the failed 9e11 is not a figure
  EXPECT_DOUBLE_EQ(c[0].ratio(), 1e-7);
  EXPECT_DOUBLE_EQ(c[2].measured, 2e11);
  EXPECT_EQ(c[4].figure, "FP32 Rpeak");
  EXPECT_DOUBLE_EQ(c[4].measured, 5.3e11);
  EXPECT_DOUBLE_EQ(c[4].ratio(), 0.265);
}

}  // namespace
}  // namespace suanli
