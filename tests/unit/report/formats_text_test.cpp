#include "report/formats_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace suanli {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// The table row for one format: the line that starts with its label and a column gap.
std::string row_for(const std::string& text, const std::string& label) {
  for (const auto& line : lines_of(text))
    if (line.rfind(label + "  ", 0) == 0) return line;
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FormatsTextTable, HasOneRowPerFormatWithItsLimits) {
  const std::string table = render_formats_table();
  for (const auto& format : all_formats())
    EXPECT_FALSE(row_for(table, format.label).empty()) << format.label;
  EXPECT_TRUE(contains(row_for(table, "FP8 E4M3"), " 448 "));
  EXPECT_TRUE(contains(row_for(table, "FP8 E4M3"), "S.1111.111"));
  EXPECT_TRUE(contains(row_for(table, "FP8 E4M3"), "saturate to max"));
  EXPECT_TRUE(contains(row_for(table, "FP8 E5M2"), " 57344 "));
  EXPECT_TRUE(contains(row_for(table, "FP8 E5M2"), "to Inf"));
  EXPECT_TRUE(contains(row_for(table, "FP16"), " 65504 "));
  EXPECT_TRUE(contains(row_for(table, "FP16"), "2^-24 = 5.96e-08"));
  EXPECT_TRUE(contains(row_for(table, "TF32"), " 19 "));
  EXPECT_TRUE(contains(row_for(table, "FP6 E2M3"), " 7.5 "));
  EXPECT_TRUE(contains(row_for(table, "FP4 E2M1"), "1/2/1"));
  EXPECT_TRUE(contains(row_for(table, "INT8"), " 127 "));
  EXPECT_TRUE(contains(row_for(table, "INT8"), "saturate to range"));
}

TEST(FormatsTextTable, ColumnsLineUp) {
  const std::vector<std::string> lines = lines_of(render_formats_table());
  ASSERT_GT(lines.size(), 2u);
  // Right-aligned "bits" column: every row's bit count ends where the header's "bits" ends.
  const std::size_t bits_end = lines[0].find("bits") + 4;
  for (std::size_t i = 2; i < lines.size(); ++i) {
    EXPECT_NE(lines[i][bits_end - 1], ' ') << lines[i];
    EXPECT_EQ(lines[i][bits_end], ' ') << lines[i];
  }
}

TEST(FormatsTextValue, PiInBf16) {
  const std::string text = render_value_in_formats(3.14159);
  const std::string bf16 = row_for(text, "BF16");
  EXPECT_TRUE(contains(bf16, " 3.140625 ")) << bf16;
  EXPECT_TRUE(contains(bf16, "0|10000000|1001001")) << bf16;
  EXPECT_TRUE(contains(bf16, "0x4049")) << bf16;
  EXPECT_TRUE(contains(bf16, "-3.072e-04")) << bf16;  // (3.140625 - 3.14159) / 3.14159
  EXPECT_TRUE(contains(row_for(text, "FP64"), "0 (exact)"));
  EXPECT_TRUE(contains(row_for(text, "FP4 E2M1"), "0|10|1"));
  EXPECT_TRUE(contains(row_for(text, "INT8"), "0x03"));
}

TEST(FormatsTextValue, ShowsOverflowSaturationAndIntegerError) {
  const std::string text = render_value_in_formats(1e6);
  EXPECT_TRUE(contains(row_for(text, "FP16"), "overflow to Inf"));
  EXPECT_TRUE(contains(row_for(text, "FP16"), "0x7C00"));
  EXPECT_TRUE(contains(row_for(text, "FP8 E4M3"), "saturated"));
  EXPECT_TRUE(contains(row_for(text, "FP8 E4M3"), " 448 "));
  EXPECT_TRUE(contains(row_for(text, "INT8"), "saturated"));
  EXPECT_TRUE(contains(row_for(text, "INT8"), " 127 "));
  EXPECT_TRUE(contains(row_for(text, "INT32"), "0 (exact)"));
  const std::string small = render_value_in_formats(-0.3);
  EXPECT_TRUE(contains(row_for(small, "INT8"), "-1.000e+00"));   // rounds to 0: all is lost
  EXPECT_TRUE(contains(row_for(small, "FP4 E2M1"), " -0.5 "));
  EXPECT_TRUE(contains(row_for(small, "FP4 E2M1"), "+6.667e-01"));
}

TEST(FormatsTextValue, NanShowsWhichFormatsCannotHoldIt) {
  const std::string text = render_value_in_formats(std::numeric_limits<double>::quiet_NaN());
  EXPECT_TRUE(contains(row_for(text, "FP8 E4M3"), "0|1111|111"));
  EXPECT_TRUE(contains(row_for(text, "FP16"), "0x7E00"));
  EXPECT_TRUE(contains(row_for(text, "FP4 E2M1"), "no NaN"));
  EXPECT_TRUE(contains(row_for(text, "INT8"), "no NaN"));
}

TEST(FormatsTextDecode, Bf16Pi) {
  const std::string text = render_decode(*find_format("bf16"), 0x4049);
  EXPECT_TRUE(contains(text, "BF16 0x4049 = 3.140625")) << text;
  EXPECT_TRUE(contains(text, "0|10000000|1001001")) << text;
  EXPECT_TRUE(contains(text, "sign      + (0)")) << text;
  EXPECT_TRUE(contains(text, "exponent  1 (field 128 - bias 127)")) << text;
  EXPECT_TRUE(contains(text, "mantissa  1.1001001b = 1.5703125")) << text;
  EXPECT_TRUE(contains(text, "class     normal")) << text;
}

TEST(FormatsTextDecode, ClassifiesSubnormalInfNanZeroAndIntegers) {
  const std::string subnormal = render_decode(*find_format("fp16"), 0x8001);
  EXPECT_TRUE(contains(subnormal, "= -5.960464477539063e-08")) << subnormal;
  EXPECT_TRUE(contains(subnormal, "exponent  -14")) << subnormal;
  EXPECT_TRUE(contains(subnormal, "mantissa  0.0000000001b")) << subnormal;
  EXPECT_TRUE(contains(subnormal, "class     subnormal")) << subnormal;
  EXPECT_TRUE(contains(render_decode(*find_format("fp16"), 0xFC00), "= -inf"));
  EXPECT_TRUE(contains(render_decode(*find_format("fp16"), 0xFC00), "class     inf"));
  const std::string nan = render_decode(*find_format("fp8_e4m3"), 0x7F);
  EXPECT_TRUE(contains(nan, "class     nan")) << nan;
  EXPECT_TRUE(contains(render_decode(*find_format("fp8_e4m3"), 0x7E), "= 448"));
  EXPECT_TRUE(contains(render_decode(*find_format("fp8_e4m3"), 0x80), "class     zero"));
  const std::string integer = render_decode(*find_format("int8"), 0xFF);
  EXPECT_TRUE(contains(integer, "INT8 0xFF = -1")) << integer;
  EXPECT_TRUE(contains(integer, "1|1111111")) << integer;
  EXPECT_TRUE(contains(integer, "class     integer")) << integer;
}

TEST(FormatsTextDecode, RejectsBitsWiderThanTheFormat) {
  EXPECT_THROW(render_decode(*find_format("fp8_e4m3"), 0x100), std::invalid_argument);
}

}  // namespace
}  // namespace suanli
