// The guard between a rate and its Rpeak: above by more than 2% is a model
// error with no efficiency; within 2% the efficiency is capped and shown "≈100%".
#include "core/rpeak_guard.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace suanli {
namespace {

TEST(RpeakGuard, ThreePercentAboveIsFlaggedWithNoEfficiency) {
  const RpeakCheck check = check_against_rpeak(103, 100.0);
  EXPECT_EQ(check.standing, RpeakStanding::above);
  EXPECT_FALSE(check.efficiency.has_value());
  EXPECT_DOUBLE_EQ(check.ratio, 1.03);
  EXPECT_EQ(efficiency_text(check), "above Rpeak");
}

TEST(RpeakGuard, OnePercentAboveIsCappedAndShownAsAbout100) {
  const RpeakCheck check = check_against_rpeak(101, 100.0);
  EXPECT_EQ(check.standing, RpeakStanding::at_rpeak);
  ASSERT_TRUE(check.efficiency.has_value());
  EXPECT_DOUBLE_EQ(*check.efficiency, 1.0);
  EXPECT_EQ(efficiency_text(check), "\u2248100%");
}

TEST(RpeakGuard, TheToleranceIsTwoPercentInclusive) {
  EXPECT_EQ(check_against_rpeak(102, 100.0).standing, RpeakStanding::at_rpeak);
  EXPECT_EQ(check_against_rpeak(102.1, 100.0).standing, RpeakStanding::above);
}

TEST(RpeakGuard, BelowRpeakIsThePlainEfficiency) {
  const RpeakCheck check = check_against_rpeak(97.34, 100.0);
  EXPECT_EQ(check.standing, RpeakStanding::below);
  EXPECT_DOUBLE_EQ(*check.efficiency, 0.9734);
  EXPECT_EQ(efficiency_text(check), "97.3%");
  EXPECT_EQ(efficiency_text(check_against_rpeak(100, 100.0)), "100.0%");
}

TEST(RpeakGuard, NoRpeakOrNoNumberGivesNoEfficiency) {
  EXPECT_EQ(check_against_rpeak(5, std::nullopt).standing, RpeakStanding::no_rpeak);
  EXPECT_EQ(check_against_rpeak(5, 0.0).standing, RpeakStanding::no_rpeak);
  EXPECT_EQ(check_against_rpeak(std::nan(""), 10.0).standing, RpeakStanding::no_rpeak);
  EXPECT_EQ(efficiency_text(check_against_rpeak(5, std::nullopt)), "-");
  EXPECT_EQ(efficiency_text(check_against_rpeak(5, std::nullopt), ""), "");
}

TEST(RpeakGuard, ModelErrorNamesTheExcessAndBothClocks) {
  Result r;
  r.value = 105;
  r.rpeak = 100;
  r.parameters = {{rpeak_hz_parameter, 3.41e9}, {held_hz_parameter, 3.58e9}};
  const std::string text = rpeak_model_error_text(r);
  EXPECT_NE(text.find("5.0% above Rpeak"), std::string::npos) << text;
  EXPECT_NE(text.find("3.41 GHz"), std::string::npos) << text;
  EXPECT_NE(text.find("3.58 GHz"), std::string::npos) << text;
  r.value = 101;
  EXPECT_EQ(rpeak_model_error_text(r), "");
}

}  // namespace
}  // namespace suanli
