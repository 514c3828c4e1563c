#include "core/units.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace suanli {
namespace {

TEST(Units, SiPrefixesWithThreeSignificantDigits) {
  EXPECT_EQ(format_si(3.41e12, "FLOPS"), "3.41 TFLOPS");
  EXPECT_EQ(format_si(12.5, "B/s"), "12.5 B/s");
  EXPECT_EQ(format_si(108.4e9, "FLOPS"), "108 GFLOPS");
  EXPECT_EQ(format_si(1e3, "OPS"), "1.00 KOPS");
  EXPECT_EQ(format_si(1.809e18, "FLOPS"), "1.81 EFLOPS");
  EXPECT_EQ(format_si(2.5e24, "FLOPS"), "2.50 YFLOPS");
  EXPECT_EQ(format_si(7e27, "FLOPS"), "7000 YFLOPS");  // beyond Y the mantissa grows
  EXPECT_EQ(format_si(0, "B/s"), "0 B/s");
}

TEST(Units, RoundingCarriesIntoTheNextPrefix) {
  EXPECT_EQ(format_si(999.96e3, "FLOPS"), "1.00 MFLOPS");
  EXPECT_EQ(format_si(999.4e3, "FLOPS"), "999 KFLOPS");
  EXPECT_EQ(format_3sig(9.996), "10.0");
}

TEST(Units, SmallAndNonFiniteValues) {
  EXPECT_EQ(format_3sig(0.000123456), "0.000123");
  EXPECT_EQ(format_si(std::numeric_limits<double>::quiet_NaN(), "FLOPS"), "n/a");
  EXPECT_EQ(format_si(std::numeric_limits<double>::infinity(), "FLOPS"), "n/a");
  EXPECT_EQ(format_si(-2.5e9, "FLOPS"), "-2.50 GFLOPS");
}

TEST(Units, IecBytes) {
  EXPECT_EQ(format_iec_bytes(536870912), "512 MiB");
  EXPECT_EQ(format_iec_bytes(2 * 1024.0 * 1024), "2.00 MiB");
  EXPECT_EQ(format_iec_bytes(32.0 * 1024 * 1024 * 1024), "32.0 GiB");
  EXPECT_EQ(format_iec_bytes(100), "100 B");
  EXPECT_EQ(format_iec_bytes(1048576), "1.00 MiB");  // 1024 KiB must not print as "1020 KiB"
  EXPECT_EQ(format_iec_bytes(1023), "1020 B");        // below the next prefix: three digits, rounded
}

TEST(Units, PrefixTableIsOrderedAndNamed) {
  const auto& table = si_prefixes();
  EXPECT_EQ(table.front().symbol, "K");
  EXPECT_EQ(table.back().symbol, "Y");
  for (std::size_t i = 0; i < table.size(); ++i)
    EXPECT_DOUBLE_EQ(table[i].value, std::pow(10.0, 3.0 * static_cast<double>(i + 1)));
  EXPECT_EQ(table[2].per_second, "每秒十亿次");
}

TEST(Units, ParsesDecimalAndBinaryPrefixes) {
  EXPECT_DOUBLE_EQ(*parse_quantity("4G"), 4e9);
  EXPECT_DOUBLE_EQ(*parse_quantity("512Mi"), 512.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(*parse_quantity("1.5T"), 1.5e12);
  EXPECT_DOUBLE_EQ(*parse_quantity("2e9"), 2e9);
  EXPECT_DOUBLE_EQ(*parse_quantity("64KiB"), 65536);
  EXPECT_DOUBLE_EQ(*parse_quantity("4GB"), 4e9);
  EXPECT_DOUBLE_EQ(*parse_quantity("8k"), 8000);
  EXPECT_DOUBLE_EQ(*parse_quantity("100"), 100);
  EXPECT_DOUBLE_EQ(*parse_quantity("100B"), 100);
}

TEST(Units, RejectsWhatIsNotASize) {
  for (const char* bad : {"", "-3", "G", "4X", "4Gi5", "abc", "4 G", "nan", "inf", "1e999", "4GiBB"})
    EXPECT_FALSE(parse_quantity(bad).has_value()) << bad;
  EXPECT_FALSE(parse_positive_count("0").has_value());
  EXPECT_FALSE(parse_positive_count("1.5").has_value());
  EXPECT_EQ(*parse_positive_count("2Ki"), 2048u);
}

}  // namespace
}  // namespace suanli
