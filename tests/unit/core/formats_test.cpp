// The software codec is the oracle for every conversion suanli checks, so it is tested four ways:
// exhaustively (every pattern of every format up to 19 bits round-trips), against a brute-force
// nearest-value search (every tie of the 4-, 6- and 8-bit formats), against hand-picked cases
// from the specifications, and against the x86 hardware conversions on 10 million floats.
#include "core/formats.hpp"

#include <gtest/gtest.h>
#include <immintrin.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace suanli {
namespace {

const NumericFormat& format(std::string_view key) {
  const NumericFormat* found = find_format(key);
  if (found == nullptr) throw std::logic_error("test asks for unknown format " + std::string(key));
  return *found;
}

double pow2(int exponent) { return std::ldexp(1.0, exponent); }

std::uint32_t float_bits(float value) { return std::bit_cast<std::uint32_t>(value); }
float float_from_bits(std::uint32_t bits) { return std::bit_cast<float>(bits); }

constexpr double kInf = std::numeric_limits<double>::infinity();
const double kNan = std::numeric_limits<double>::quiet_NaN();

// ---- the table ------------------------------------------------------------------------------

TEST(FormatTable, ListsEveryFormatInOrder) {
  std::vector<std::string> keys;
  for (const auto& f : all_formats()) keys.push_back(f.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"fp64", "fp32", "tf32", "bf16", "fp16", "fp8_e4m3",
                                            "fp8_e5m2", "fp6_e3m2", "fp6_e2m3", "fp4_e2m1",
                                            "int32", "int8", "int4"}));
}

TEST(FormatTable, FindsKeysCaseInsensitivelyAndByAlias) {
  EXPECT_EQ(find_format("BF16")->key, "bf16");
  EXPECT_EQ(find_format("FP8 E4M3")->key, "fp8_e4m3");
  EXPECT_EQ(find_format("fp8-e5m2")->key, "fp8_e5m2");
  EXPECT_EQ(find_format("e4m3")->key, "fp8_e4m3");
  EXPECT_EQ(find_format("FP8")->key, "fp8_e4m3");
  EXPECT_EQ(find_format("e5m2")->key, "fp8_e5m2");
  EXPECT_EQ(find_format("e3m2")->key, "fp6_e3m2");
  EXPECT_EQ(find_format("e2m3")->key, "fp6_e2m3");
  EXPECT_EQ(find_format("fp4")->key, "fp4_e2m1");
  EXPECT_EQ(find_format("E2M1")->key, "fp4_e2m1");
  EXPECT_EQ(find_format("half")->key, "fp16");
  EXPECT_EQ(find_format("bfloat16")->key, "bf16");
  EXPECT_EQ(find_format("double")->key, "fp64");
  EXPECT_EQ(find_format("float")->key, "fp32");
  EXPECT_EQ(find_format("INT4")->key, "int4");
}

TEST(FormatTable, UnknownAndAmbiguousKeysGiveNull) {
  EXPECT_EQ(find_format(""), nullptr);
  EXPECT_EQ(find_format("fp6"), nullptr);  // E3M2 or E2M3: the caller must say which
  EXPECT_EQ(find_format("fp12"), nullptr);
}

// ---- descriptors ----------------------------------------------------------------------------

struct Layout {
  const char* key;
  const char* label;
  int total, exponent, mantissa, bias;
  bool inf;
  NanEncoding nan;
  OverflowRule overflow;
};

TEST(FormatDescriptor, BitLayoutsAndRules) {
  using enum NanEncoding;
  using enum OverflowRule;
  const Layout expected[] = {
      {"fp64", "FP64", 64, 11, 52, 1023, true, exponent_all_ones, to_infinity},
      {"fp32", "FP32", 32, 8, 23, 127, true, exponent_all_ones, to_infinity},
      {"tf32", "TF32", 19, 8, 10, 127, true, exponent_all_ones, to_infinity},
      {"bf16", "BF16", 16, 8, 7, 127, true, exponent_all_ones, to_infinity},
      {"fp16", "FP16", 16, 5, 10, 15, true, exponent_all_ones, to_infinity},
      {"fp8_e4m3", "FP8 E4M3", 8, 4, 3, 7, false, all_ones, saturate_to_max},
      {"fp8_e5m2", "FP8 E5M2", 8, 5, 2, 15, true, exponent_all_ones, to_infinity},
      {"fp6_e3m2", "FP6 E3M2", 6, 3, 2, 3, false, none, saturate_to_max},
      {"fp6_e2m3", "FP6 E2M3", 6, 2, 3, 1, false, none, saturate_to_max},
      {"fp4_e2m1", "FP4 E2M1", 4, 2, 1, 1, false, none, saturate_to_max},
      {"int32", "INT32", 32, 0, 31, 0, false, none, saturate_to_range},
      {"int8", "INT8", 8, 0, 7, 0, false, none, saturate_to_range},
      {"int4", "INT4", 4, 0, 3, 0, false, none, saturate_to_range},
  };
  for (const auto& e : expected) {
    SCOPED_TRACE(e.key);
    const NumericFormat& f = format(e.key);
    EXPECT_EQ(f.label, e.label);
    EXPECT_EQ(f.total_bits, e.total);
    EXPECT_EQ(f.sign_bits, 1);
    EXPECT_EQ(f.exponent_bits, e.exponent);
    EXPECT_EQ(f.mantissa_bits, e.mantissa);
    EXPECT_EQ(f.bias, e.bias);
    EXPECT_EQ(f.has_infinity, e.inf);
    EXPECT_EQ(f.nan_encoding, e.nan);
    EXPECT_EQ(f.has_nan(), e.nan != none);
    EXPECT_EQ(f.overflow, e.overflow);
    EXPECT_EQ(f.is_integer, e.exponent == 0);
  }
}

struct Range {
  const char* key;
  double max_finite, min_normal, min_subnormal, epsilon;
  std::uint64_t max_bits;
};

TEST(FormatDescriptor, RangesMatchTheSpecifications) {
  const Range expected[] = {
      {"fp64", 1.7976931348623157e308, 2.2250738585072014e-308, 4.9406564584124654e-324,
       pow2(-52), 0x7FEFFFFFFFFFFFFF},
      {"fp32", 3.4028234663852886e38, pow2(-126), pow2(-149), pow2(-23), 0x7F7FFFFF},
      {"tf32", 3.4011621342146535e38, pow2(-126), pow2(-136), pow2(-10), 0x3FBFF},
      {"bf16", 3.3895313892515355e38, pow2(-126), pow2(-133), pow2(-7), 0x7F7F},
      {"fp16", 65504, pow2(-14), pow2(-24), pow2(-10), 0x7BFF},
      {"fp8_e4m3", 448, pow2(-6), pow2(-9), 0.125, 0x7E},
      {"fp8_e5m2", 57344, pow2(-14), pow2(-16), 0.25, 0x7B},
      {"fp6_e3m2", 28, 0.25, 0.0625, 0.25, 0x1F},
      {"fp6_e2m3", 7.5, 1, 0.125, 0.125, 0x1F},
      {"fp4_e2m1", 6, 1, 0.5, 0.5, 0x7},
      {"int32", 2147483647, 1, 1, 1, 0x7FFFFFFF},
      {"int8", 127, 1, 1, 1, 0x7F},
      {"int4", 7, 1, 1, 1, 0x7},
  };
  for (const auto& e : expected) {
    SCOPED_TRACE(e.key);
    const NumericFormat& f = format(e.key);
    EXPECT_EQ(f.max_finite, e.max_finite);
    EXPECT_EQ(f.min_normal, e.min_normal);
    EXPECT_EQ(f.min_subnormal, e.min_subnormal);
    EXPECT_EQ(f.epsilon, e.epsilon);
    EXPECT_EQ(f.max_finite_bits, e.max_bits);
    EXPECT_EQ(decode(f, f.max_finite_bits), f.max_finite);
  }
  EXPECT_EQ(format("int8").lowest, -128);
  EXPECT_EQ(format("int4").lowest, -8);
  EXPECT_EQ(format("int32").lowest, -2147483648.0);
  EXPECT_EQ(format("fp8_e4m3").lowest, -448);
}

// ---- exhaustive round trips ----------------------------------------------------------------

std::uint64_t ieee_quiet_bit(const NumericFormat& f) {
  return std::uint64_t{1} << (f.mantissa_bits - 1);
}

// Every pattern decodes to a value that encodes back to the same pattern. The one exception is
// a signaling NaN of an IEEE-like format, which comes back quiet with the same sign and payload.
void expect_every_pattern_round_trips(const NumericFormat& f) {
  SCOPED_TRACE(f.key);
  int failures = 0;
  for (std::uint64_t bits = 0; bits <= format_mask(f) && failures < 10; ++bits) {
    const double value = decode(f, bits);
    const std::uint64_t again = encode(f, value);
    if (classify(f, bits) == ValueClass::nan) {
      ASSERT_TRUE(std::isnan(value)) << bits;
      const std::uint64_t quieted =
          f.nan_encoding == NanEncoding::exponent_all_ones ? bits | ieee_quiet_bit(f) : bits;
      if (again != quieted || classify(f, again) != ValueClass::nan) ++failures;
      EXPECT_EQ(again, quieted) << "NaN pattern " << std::hex << bits;
    } else {
      if (again != bits) ++failures;
      EXPECT_EQ(again, bits) << "pattern " << std::hex << bits << " value " << value;
    }
  }
}

TEST(FormatRoundTrip, EveryPatternOfEveryFormatUpTo19Bits) {
  for (const auto& f : all_formats())
    if (f.total_bits <= 19) expect_every_pattern_round_trips(f);
}

// Decoded values strictly increase with the positive patterns (and mirror for negative ones):
// a check of decode that does not rely on encode.
TEST(FormatRoundTrip, PositivePatternsDecodeInIncreasingOrder) {
  for (const auto& f : all_formats()) {
    if (f.is_integer || f.total_bits > 19) continue;
    SCOPED_TRACE(f.key);
    const std::uint64_t sign = std::uint64_t{1} << (f.total_bits - 1);
    double previous = -1;
    for (std::uint64_t bits = 0; bits < sign; ++bits) {
      if (classify(f, bits) == ValueClass::nan) break;  // NaNs sit above everything
      const double value = decode(f, bits);
      ASSERT_GT(value, previous) << std::hex << bits;
      ASSERT_EQ(decode(f, bits | sign), -value) << std::hex << bits;
      previous = value;
    }
  }
}

TEST(FormatRoundTrip, NanPatternCounts) {
  const auto count_nans = [](const NumericFormat& f) {
    int nans = 0;
    for (std::uint64_t bits = 0; bits <= format_mask(f); ++bits)
      nans += classify(f, bits) == ValueClass::nan ? 1 : 0;
    return nans;
  };
  EXPECT_EQ(count_nans(format("fp8_e4m3")), 2);  // S.1111.111 only
  EXPECT_EQ(count_nans(format("fp8_e5m2")), 6);
  EXPECT_EQ(count_nans(format("fp16")), 2 * 1023);
  EXPECT_EQ(count_nans(format("bf16")), 2 * 127);
  EXPECT_EQ(count_nans(format("fp6_e3m2")), 0);
  EXPECT_EQ(count_nans(format("fp6_e2m3")), 0);
  EXPECT_EQ(count_nans(format("fp4_e2m1")), 0);
}

TEST(FormatRoundTrip, Fp64IsTheIdentityOnBits) {
  const NumericFormat& f = format("fp64");
  std::mt19937_64 random(64);
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t bits = random();
    ASSERT_EQ(encode(f, std::bit_cast<double>(bits)), bits);
    ASSERT_EQ(std::bit_cast<std::uint64_t>(decode(f, bits)), bits);
  }
  const std::uint64_t signaling_nan = 0x7FF0000000000001;
  EXPECT_EQ(encode(f, std::bit_cast<double>(signaling_nan)), signaling_nan);
}

// ---- brute-force oracle for the narrow formats -----------------------------------------------

bool is_even_pattern(std::uint64_t bits) { return (bits & 1) == 0; }

// The nearest pattern by exhaustive search. IEEE 754 §4.3.1 rounds to Inf exactly as if Inf were
// the next value after max, 2^(emax+1), with an even mantissa; saturating formats clamp first.
std::uint64_t brute_force_nearest(const NumericFormat& f, double value) {
  const std::uint64_t sign = std::uint64_t{1} << (f.total_bits - 1);
  const bool negative = std::signbit(value);
  double magnitude = std::fabs(value);
  if (f.overflow != OverflowRule::to_infinity) magnitude = std::min(magnitude, f.max_finite);
  std::uint64_t best = 0;
  double best_distance = kInf;
  for (std::uint64_t bits = 0; bits < sign; ++bits) {
    const ValueClass kind = classify(f, bits);
    if (kind == ValueClass::nan) continue;
    const double candidate =
        kind == ValueClass::infinity ? 2 * pow2(std::ilogb(f.max_finite)) : decode(f, bits);
    const double distance = std::fabs(candidate - magnitude);
    if (distance < best_distance || (distance == best_distance && is_even_pattern(bits))) {
      best = bits;
      best_distance = distance;
    }
  }
  return negative ? best | sign : best;
}

// Every midpoint between neighbours, a hair either side of it, and random values spread over
// all binades from far below min subnormal to beyond the overflow threshold.
std::vector<double> narrow_format_probes(const NumericFormat& f) {
  std::vector<double> probes;
  const std::uint64_t sign = std::uint64_t{1} << (f.total_bits - 1);
  std::vector<double> values;
  for (std::uint64_t bits = 0; bits < sign; ++bits)
    if (classify(f, bits) != ValueClass::nan) values.push_back(decode(f, bits));
  for (std::size_t i = 0; i + 1 < values.size(); ++i) {
    const double mid = (values[i] + values[i + 1]) / 2;
    probes.insert(probes.end(), {values[i], mid, std::nextafter(mid, 0.0),
                                 std::nextafter(mid, kInf)});
  }
  probes.push_back(f.max_finite);
  std::mt19937_64 random(f.total_bits);
  std::uniform_real_distribution<double> log2_magnitude(std::log2(f.min_subnormal) - 3,
                                                        std::log2(f.max_finite) + 3);
  for (int i = 0; i < 20000; ++i) probes.push_back(std::exp2(log2_magnitude(random)));
  const std::size_t positive = probes.size();
  for (std::size_t i = 0; i < positive; ++i) probes.push_back(-probes[i]);
  return probes;
}

TEST(FormatRounding, NarrowFormatsAgreeWithBruteForceNearest) {
  for (const char* key : {"fp8_e4m3", "fp8_e5m2", "fp6_e3m2", "fp6_e2m3", "fp4_e2m1"}) {
    const NumericFormat& f = format(key);
    SCOPED_TRACE(key);
    int failures = 0;
    for (const double value : narrow_format_probes(f)) {
      const std::uint64_t expected = brute_force_nearest(f, value);
      if (encode(f, value) != expected && ++failures <= 10)
        ADD_FAILURE() << "value " << value << ": got " << encode(f, value) << " want "
                      << expected;
    }
    EXPECT_EQ(failures, 0);
  }
}

// The hardware double -> float conversion (round to nearest even under the default MXCSR) is a
// fine test oracle for FP32; the codec itself never uses it.
TEST(FormatRounding, Fp32AgreesWithDoubleToFloatConversion) {
  const NumericFormat& f = format("fp32");
  std::mt19937_64 random(32);
  std::uniform_int_distribution<int> exponent(-160, 130);
  int failures = 0;
  for (int i = 0; i < 1000000; ++i) {
    const double mantissa = std::bit_cast<double>((random() >> 12) | 0x3FF0000000000000);
    double value = std::ldexp(mantissa, exponent(random));
    if (i % 4 == 0) {  // an exact FP32 tie: the midpoint of two neighbouring floats
      const float below = float_from_bits(static_cast<std::uint32_t>(random()) & 0x7F7FFFFF);
      const float above = std::nextafter(below, std::numeric_limits<float>::infinity());
      value = (static_cast<double>(below) + static_cast<double>(above)) / 2;
    }
    if (i % 2 == 1) value = -value;
    const auto expected = float_bits(static_cast<float>(value));
    if (encode(f, value) != expected && ++failures <= 10)
      ADD_FAILURE() << std::hexfloat << value << ": got " << std::hex << encode(f, value)
                    << " want " << expected;
  }
  EXPECT_EQ(failures, 0);
}

// ---- hand-picked cases ----------------------------------------------------------------------

TEST(FormatRounding, Fp16TiesGoToEven) {
  const NumericFormat& f = format("fp16");
  EXPECT_EQ(encode(f, 1.0), 0x3C00u);
  EXPECT_EQ(encode(f, 1 + pow2(-11)), 0x3C00u);              // tie, 0x3C00 even
  EXPECT_EQ(encode(f, 1 + 3 * pow2(-11)), 0x3C02u);          // tie, 0x3C02 even
  EXPECT_EQ(encode(f, 1 + pow2(-11) + pow2(-40)), 0x3C01u);  // just above the tie
  EXPECT_EQ(encode(f, 1 + pow2(-11) - pow2(-40)), 0x3C00u);  // just below
  EXPECT_EQ(encode(f, -(1 + 3 * pow2(-11))), 0xBC02u);
}

TEST(FormatRounding, Fp16RoundingCarriesIntoTheExponent) {
  const NumericFormat& f = format("fp16");
  EXPECT_EQ(encode(f, 2 - pow2(-10)), 0x3FFFu);           // largest below 2
  EXPECT_EQ(encode(f, 2 - pow2(-11)), 0x4000u);           // tie: 0x3FFF odd, 0x4000 even
  EXPECT_EQ(encode(f, pow2(-14) - pow2(-25)), 0x0400u);   // largest subnormal + half: min normal
  EXPECT_EQ(encode(f, pow2(-14) - pow2(-24)), 0x03FFu);   // largest subnormal
}

TEST(FormatRounding, Fp16SubnormalBoundaries) {
  const NumericFormat& f = format("fp16");
  EXPECT_EQ(encode(f, pow2(-24)), 0x0001u);
  EXPECT_EQ(encode(f, pow2(-25)), 0x0000u);                 // tie with zero: zero is even
  EXPECT_EQ(encode(f, pow2(-25) * (1 + pow2(-30))), 0x0001u);
  EXPECT_EQ(encode(f, 3 * pow2(-25)), 0x0002u);             // tie: 2 is even
  EXPECT_EQ(encode(f, 5 * pow2(-25)), 0x0002u);
  EXPECT_EQ(encode(f, pow2(-30)), 0x0000u);
  EXPECT_EQ(encode(f, -pow2(-30)), 0x8000u);                // underflow keeps the sign
  EXPECT_EQ(encode(f, 4.9406564584124654e-324), 0x0000u);   // double's min subnormal
  EXPECT_EQ(decode(f, 0x0001), pow2(-24));
  EXPECT_EQ(decode(f, 0x03FF), 1023 * pow2(-24));
}

TEST(FormatRounding, Fp16OverflowGoesToInfinityOnlyFromMaxPlusHalfUlp) {
  const NumericFormat& f = format("fp16");
  EXPECT_EQ(encode(f, 65504), 0x7BFFu);
  EXPECT_EQ(encode(f, std::nextafter(65520.0, 0.0)), 0x7BFFu);
  EXPECT_EQ(encode(f, 65520), 0x7C00u);  // max + half ulp: tie, Inf's mantissa is even
  EXPECT_EQ(encode(f, -65520), 0xFC00u);
  EXPECT_EQ(encode(f, 1e300), 0x7C00u);
  EXPECT_EQ(encode(f, kInf), 0x7C00u);
  EXPECT_EQ(encode(f, -kInf), 0xFC00u);
  EXPECT_EQ(decode(f, 0x7C00), kInf);
}

TEST(FormatRounding, SignedZeros) {
  for (const auto& f : all_formats()) {
    SCOPED_TRACE(f.key);
    EXPECT_EQ(encode(f, 0.0), 0u);
    const std::uint64_t negative_zero = f.is_integer ? 0 : std::uint64_t{1} << (f.total_bits - 1);
    EXPECT_EQ(encode(f, -0.0), negative_zero);
    EXPECT_EQ(std::signbit(decode(f, negative_zero)), !f.is_integer);
  }
}

TEST(FormatRounding, Bf16AndTf32) {
  const NumericFormat& bf16 = format("bf16");
  EXPECT_EQ(encode(bf16, 3.14159), 0x4049u);
  EXPECT_EQ(decode(bf16, 0x4049), 3.140625);
  EXPECT_EQ(encode(bf16, 1 + pow2(-8)), 0x3F80u);      // tie to even
  EXPECT_EQ(encode(bf16, 1 + 3 * pow2(-8)), 0x3F82u);  // tie to even
  EXPECT_EQ(encode(bf16, 3.3895313892515355e38), 0x7F7Fu);
  EXPECT_EQ(encode(bf16, 3.3895313892515355e38 + pow2(119)), 0x7F80u);  // max + half ulp
  EXPECT_EQ(encode(bf16, pow2(-133)), 0x0001u);  // BF16 keeps subnormals
  const NumericFormat& tf32 = format("tf32");
  EXPECT_EQ(encode(tf32, 1.0), 0x1FC00u);  // right-aligned in 19 bits
  EXPECT_EQ(encode(tf32, 1 + pow2(-11)), 0x1FC00u);
  EXPECT_EQ(encode(tf32, 1 + 3 * pow2(-11)), 0x1FC02u);
  EXPECT_EQ(encode(tf32, -2.0), 0x60000u);
  EXPECT_EQ(encode(tf32, kInf), 0x3FC00u);
  std::mt19937 random(19);
  for (int i = 0; i < 10000; ++i) {  // TF32 is FP32 with the 13 low mantissa bits dropped
    const std::uint32_t bits = random() & 0xFFFFE000;
    if (std::isnan(float_from_bits(bits))) continue;
    ASSERT_EQ(encode(tf32, float_from_bits(bits)), bits >> 13);
  }
}

TEST(FormatRounding, Fp8E4M3SaturatesAndHasOneNan) {
  const NumericFormat& f = format("fp8_e4m3");
  EXPECT_EQ(encode(f, 448), 0x7Eu);
  EXPECT_EQ(encode(f, 464), 0x7Eu);  // would tie with the NaN pattern 0x7F: saturates
  EXPECT_EQ(encode(f, 480), 0x7Eu);
  EXPECT_EQ(encode(f, 1e9), 0x7Eu);
  EXPECT_EQ(encode(f, kInf), 0x7Eu);
  EXPECT_EQ(encode(f, -kInf), 0xFEu);
  EXPECT_EQ(encode(f, -500), 0xFEu);
  EXPECT_EQ(encode(f, kNan), 0x7Fu);
  EXPECT_EQ(encode(f, -kNan), 0xFFu);
  EXPECT_EQ(encode(f, 432), 0x7Eu);               // tie between 416 (0x7D) and 448 (0x7E)
  EXPECT_EQ(encode(f, 400), 0x7Cu);               // tie between 384 (0x7C) and 416 (0x7D)
  EXPECT_EQ(encode(f, pow2(-9)), 0x01u);          // min subnormal
  EXPECT_EQ(encode(f, pow2(-10)), 0x00u);         // tie with zero
  EXPECT_EQ(encode(f, 3 * pow2(-10)), 0x02u);     // tie: 2 is even
  EXPECT_EQ(encode(f, 15 * pow2(-10)), 0x08u);    // largest subnormal + half: min normal
  EXPECT_EQ(decode(f, 0x08), pow2(-6));
  EXPECT_EQ(decode(f, 0x78), 256);                // exponent all ones is a normal binade
  EXPECT_TRUE(std::isnan(decode(f, 0x7F)));
  EXPECT_TRUE(std::isnan(decode(f, 0xFF)));
}

TEST(FormatRounding, Fp8E5M2OverflowsToInfinity) {
  const NumericFormat& f = format("fp8_e5m2");
  EXPECT_EQ(encode(f, 57344), 0x7Bu);
  EXPECT_EQ(encode(f, std::nextafter(61440.0, 0.0)), 0x7Bu);
  EXPECT_EQ(encode(f, 61440), 0x7Cu);  // 57344 + half of its 8192 ulp
  EXPECT_EQ(encode(f, -61440), 0xFCu);
  EXPECT_EQ(encode(f, kInf), 0x7Cu);
  EXPECT_EQ(encode(f, kNan), 0x7Eu);   // quiet NaN
  EXPECT_EQ(encode(f, pow2(-16)), 0x01u);
  EXPECT_EQ(encode(f, pow2(-17)), 0x00u);
  EXPECT_EQ(decode(f, 0x7C), kInf);
  EXPECT_TRUE(std::isnan(decode(f, 0x7D)));
}

TEST(FormatRounding, Fp6AndFp4SaturateAndRejectNan) {
  const NumericFormat& e3m2 = format("fp6_e3m2");
  const NumericFormat& e2m3 = format("fp6_e2m3");
  const NumericFormat& e2m1 = format("fp4_e2m1");
  EXPECT_EQ(encode(e3m2, 28), 0x1Fu);
  EXPECT_EQ(encode(e3m2, 100), 0x1Fu);
  EXPECT_EQ(encode(e3m2, -kInf), 0x3Fu);
  EXPECT_EQ(encode(e3m2, 0.0625), 0x01u);
  EXPECT_EQ(encode(e2m3, 7.5), 0x1Fu);
  EXPECT_EQ(encode(e2m3, 8), 0x1Fu);
  EXPECT_EQ(encode(e2m3, 0.125), 0x01u);
  EXPECT_EQ(encode(e2m1, 6), 0x7u);
  EXPECT_EQ(encode(e2m1, 7), 0x7u);
  EXPECT_EQ(encode(e2m1, 5), 0x6u);     // tie between 4 (0x6) and 6 (0x7): 4
  EXPECT_EQ(encode(e2m1, 0.25), 0x0u);  // tie between 0 and 0.5: 0
  EXPECT_EQ(encode(e2m1, 0.75), 0x2u);  // tie between 0.5 and 1: 1
  EXPECT_EQ(encode(e2m1, -2.5), 0xCu);  // tie between 2 (0x4) and 3 (0x5): 2
  EXPECT_EQ(encode(e2m1, -0.0), 0x8u);
  const double fp4_values[] = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
  for (std::uint64_t bits = 0; bits < 8; ++bits) {
    EXPECT_EQ(decode(e2m1, bits), fp4_values[bits]);
    EXPECT_EQ(decode(e2m1, bits | 8), -fp4_values[bits]);
  }
  // No NaN pattern exists; encoding NaN is an error rather than a silent number (docs/formats.md).
  EXPECT_THROW(encode(e3m2, kNan), std::domain_error);
  EXPECT_THROW(encode(e2m3, kNan), std::domain_error);
  EXPECT_THROW(encode(e2m1, kNan), std::domain_error);
}

TEST(FormatRounding, NanKeepsSignAndTopPayloadInIeeeFormats) {
  const double payload_nan = std::bit_cast<double>(std::uint64_t{0xFFF5'5400'0000'0000});
  EXPECT_EQ(encode(format("fp16"), payload_nan), 0xFF55u);
  EXPECT_EQ(encode(format("bf16"), payload_nan), 0xFFEAu);
  EXPECT_EQ(encode(format("fp32"), payload_nan), 0xFFEAA000u);
  EXPECT_EQ(encode(format("fp8_e5m2"), payload_nan), 0xFFu);
  const double decoded = decode(format("fp16"), 0x7D23);  // a signaling FP16 NaN
  EXPECT_TRUE(std::isnan(decoded));
  EXPECT_EQ(encode(format("fp16"), decoded), 0x7F23u);   // comes back quiet, payload kept
}

TEST(FormatRounding, DecodeRejectsBitsAboveTheWidth) {
  EXPECT_THROW(decode(format("fp8_e4m3"), 0x100), std::invalid_argument);
  EXPECT_THROW(decode(format("tf32"), std::uint64_t{1} << 19), std::invalid_argument);
  EXPECT_THROW(decode(format("fp4_e2m1"), 0x10), std::invalid_argument);
  EXPECT_THROW(decode(format("int4"), 0x10), std::invalid_argument);
  EXPECT_THROW(split_bits(format("fp16"), 0x10000), std::invalid_argument);
  EXPECT_NO_THROW(decode(format("fp64"), ~std::uint64_t{0}));
}

// ---- integers -------------------------------------------------------------------------------

TEST(FormatInteger, RoundsHalfToEven) {
  const NumericFormat& f = format("int8");
  EXPECT_EQ(encode(f, 2.5), 2u);
  EXPECT_EQ(encode(f, 3.5), 4u);
  EXPECT_EQ(encode(f, 2.4999999), 2u);
  EXPECT_EQ(encode(f, 0.5), 0u);
  EXPECT_EQ(encode(f, -0.5), 0u);
  EXPECT_EQ(encode(f, -2.5), 0xFEu);
  EXPECT_EQ(encode(f, -3.5), 0xFCu);
  EXPECT_EQ(encode(f, -1), 0xFFu);
  EXPECT_EQ(encode(f, 1e-300), 0u);
  const NumericFormat& int32 = format("int32");
  EXPECT_EQ(encode(int32, 1.5), 2u);
  EXPECT_EQ(encode(int32, 1e9 + 0.5), 1000000000u);
  EXPECT_EQ(encode(int32, -1e9 - 1.5), static_cast<std::uint32_t>(-1000000002));
}

TEST(FormatInteger, SaturatesToTheRange) {
  const NumericFormat& int8 = format("int8");
  EXPECT_EQ(encode(int8, 127.49), 0x7Fu);
  EXPECT_EQ(encode(int8, 127.5), 0x7Fu);  // rounds to 128, then saturates
  EXPECT_EQ(encode(int8, 1e300), 0x7Fu);
  EXPECT_EQ(encode(int8, kInf), 0x7Fu);
  EXPECT_EQ(encode(int8, -128.5), 0x80u);
  EXPECT_EQ(encode(int8, -1000), 0x80u);
  EXPECT_EQ(encode(int8, -kInf), 0x80u);
  const NumericFormat& int4 = format("int4");
  EXPECT_EQ(encode(int4, 7), 0x7u);
  EXPECT_EQ(encode(int4, 8), 0x7u);
  EXPECT_EQ(encode(int4, -8), 0x8u);
  EXPECT_EQ(encode(int4, -9), 0x8u);
  EXPECT_EQ(encode(int4, -1), 0xFu);
  const NumericFormat& int32 = format("int32");
  EXPECT_EQ(encode(int32, 2147483647.5), 0x7FFFFFFFu);
  EXPECT_EQ(encode(int32, -2147483648.0), 0x80000000u);
  EXPECT_EQ(encode(int32, -2147483649.0), 0x80000000u);
  EXPECT_EQ(encode(int32, 1e20), 0x7FFFFFFFu);
}

TEST(FormatInteger, DecodesTwosComplementAndRejectsNan) {
  EXPECT_EQ(decode(format("int4"), 0x8), -8);
  EXPECT_EQ(decode(format("int4"), 0x7), 7);
  EXPECT_EQ(decode(format("int8"), 0x80), -128);
  EXPECT_EQ(decode(format("int32"), 0xFFFFFFFF), -1);
  EXPECT_EQ(decode(format("int32"), 0x80000000), -2147483648.0);
  EXPECT_EQ(classify(format("int8"), 0), ValueClass::zero);
  EXPECT_EQ(classify(format("int8"), 0x80), ValueClass::integer);
  EXPECT_THROW(encode(format("int8"), kNan), std::domain_error);
  EXPECT_THROW(encode(format("int32"), kNan), std::domain_error);
}

// ---- display helpers ------------------------------------------------------------------------

TEST(FormatFields, SplitsBitsForDisplay) {
  EXPECT_EQ(split_bits(format("bf16"), 0x4049), "0|10000000|1001001");
  EXPECT_EQ(split_bits(format("fp8_e4m3"), 0xFE), "1|1111|110");
  EXPECT_EQ(split_bits(format("fp4_e2m1"), 0x7), "0|11|1");
  EXPECT_EQ(split_bits(format("tf32"), 0x1FC00), "0|01111111|0000000000");
  EXPECT_EQ(split_bits(format("int8"), 0xFF), "1|1111111");
  const BitFields fields = split_fields(format("fp16"), 0x8001);
  EXPECT_TRUE(fields.negative);
  EXPECT_EQ(fields.exponent_field, 0u);
  EXPECT_EQ(fields.mantissa_field, 1u);
  EXPECT_EQ(fields.unbiased_exponent, -14);
  EXPECT_EQ(split_fields(format("fp16"), 0x3C00).unbiased_exponent, 0);
  EXPECT_EQ(classify(format("fp16"), 0x8001), ValueClass::subnormal);
  EXPECT_EQ(classify(format("fp16"), 0x3C00), ValueClass::normal);
  EXPECT_EQ(classify(format("fp16"), 0xFC00), ValueClass::infinity);
  EXPECT_EQ(classify(format("fp16"), 0x7E00), ValueClass::nan);
  EXPECT_EQ(classify(format("fp16"), 0x8000), ValueClass::zero);
}

// ---- agreement with the x86 conversions ------------------------------------------------------

// Floats that stress a conversion to a narrower target with mantissa_bits fraction bits: every
// float bit pattern; exact ties and their neighbours; every binade around the target's range;
// the target's subnormal ties; and the neighbourhood of its overflow threshold.
std::vector<float> conversion_probes(const NumericFormat& target, std::size_t count,
                                     std::uint64_t seed) {
  const int dropped_bits = 23 - target.mantissa_bits;
  const std::uint32_t half_ulp = std::uint32_t{1} << (dropped_bits - 1);
  const std::uint32_t dropped_mask = (std::uint32_t{1} << dropped_bits) - 1;
  const std::uint32_t max_bits = float_bits(static_cast<float>(target.max_finite));
  const int lowest_exponent = std::ilogb(target.min_subnormal) - 2;
  const int highest_exponent = std::ilogb(target.max_finite) + 2;
  std::mt19937 random(static_cast<std::uint32_t>(seed));
  std::vector<float> probes(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t r = random();
    std::uint32_t bits = r;  // case 0: any float, NaNs, Infs and subnormals included
    switch (i % 6) {
      case 1:  // an exact tie at the target's precision
        bits = (r & ~dropped_mask) | half_ulp;
        break;
      case 2:  // one float ulp either side of a tie
        bits = (r & ~dropped_mask) | (half_ulp + ((r & 1) != 0 ? 1 : -1));
        break;
      case 3: {  // any binade from below the target's min subnormal to above its max
        const int exponent = lowest_exponent + static_cast<int>(r % (highest_exponent -
                                                                      lowest_exponent + 1));
        const float value = std::ldexp(1.0f + static_cast<float>(random() >> 9) * 0x1p-23f,
                                       exponent);
        bits = float_bits(value) | (r & 0x80000000);
        break;
      }
      case 4: {  // ties and near-ties among the target's subnormals
        const std::uint32_t k = random() % (std::uint32_t{1} << target.mantissa_bits);
        const float tie = static_cast<float>((k + 0.5) * target.min_subnormal);
        bits = float_bits(tie) + (r % 3) - 1;
        break;
      }
      case 5:  // around max finite and the overflow threshold
        bits = max_bits + (r % (4 * half_ulp)) - half_ulp;
        break;
    }
    if (i % 2 == 1) bits |= 0x80000000;  // both signs everywhere
    probes[i] = float_from_bits(bits);
  }
  return probes;
}

constexpr std::size_t kHardwareSamples = 10'000'000;

struct Mismatches {
  std::size_t count = 0;
  std::string first;
  void add(float input, std::uint64_t got, std::uint64_t want) {
    if (count++ < 8) {
      char line[128];
      std::snprintf(line, sizeof line, "\n  input %08x (%a): codec %04llx, hardware %04llx",
                    float_bits(input), static_cast<double>(input),
                    static_cast<unsigned long long>(got), static_cast<unsigned long long>(want));
      first += line;
    }
  }
};

__attribute__((target("f16c"))) void convert_to_fp16_f16c(const float* in, std::uint16_t* out,
                                                          std::size_t count) {
  for (std::size_t i = 0; i + 8 <= count; i += 8) {
    const __m128i half = _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), half);
  }
}

// VCVTPS2PH with an immediate rounding mode ignores MXCSR.RC, keeps subnormal results (no flush
// under the default MXCSR), and quiets NaNs keeping the sign and the top 9 payload bits: it
// agrees with the codec bit for bit, NaNs included.
TEST(FormatHardware, Fp16AgreesWithF16cOnTenMillionFloats) {
  if (!__builtin_cpu_supports("f16c")) GTEST_SKIP() << "CPU lacks F16C";
  const NumericFormat& f = format("fp16");
  const std::vector<float> inputs = conversion_probes(f, kHardwareSamples, 16);
  std::vector<std::uint16_t> hardware(inputs.size());
  convert_to_fp16_f16c(inputs.data(), hardware.data(), inputs.size());
  Mismatches mismatches;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::uint64_t codec = encode(f, inputs[i]);
    if (codec != hardware[i]) mismatches.add(inputs[i], codec, hardware[i]);
  }
  EXPECT_EQ(mismatches.count, 0u) << mismatches.first;
}

bool cpu_has_avx512_bf16() { return __builtin_cpu_supports("avx512bf16"); }

__attribute__((target("avx512bf16,avx512f"))) void convert_to_bf16_avx512(const float* in,
                                                                           std::uint16_t* out,
                                                                           std::size_t count) {
  for (std::size_t i = 0; i + 16 <= count; i += 16) {
    const __m256bh bf16 = _mm512_cvtneps_pbh(_mm512_loadu_ps(in + i));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), reinterpret_cast<__m256i>(bf16));
  }
}

bool is_float_subnormal(float value) { return std::fpclassify(value) == FP_SUBNORMAL; }

// VCVTNEPS2BF16 always rounds to nearest even and ignores MXCSR, but (as Intel's SDM says and
// this AMD Zen 5 confirms) treats subnormal inputs as zero: 0x007FFFFF becomes 0x0000, not the
// correctly rounded 0x0080. Only for those inputs is the hardware expected to give the signed
// zero instead of the codec's answer. NaNs are quieted keeping the sign and the top 6 payload
// bits, exactly as the codec does, so they are compared bit for bit like every normal number.
TEST(FormatHardware, Bf16AgreesWithAvx512Bf16OnTenMillionFloats) {
  if (!cpu_has_avx512_bf16()) GTEST_SKIP() << "CPU lacks AVX512_BF16";
  const NumericFormat& f = format("bf16");
  const std::vector<float> inputs = conversion_probes(f, kHardwareSamples, 17);
  std::vector<std::uint16_t> hardware(inputs.size());
  convert_to_bf16_avx512(inputs.data(), hardware.data(), inputs.size());
  Mismatches mismatches;
  std::size_t subnormal_inputs = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const float input = inputs[i];
    std::uint64_t expected = encode(f, input);
    if (is_float_subnormal(input)) {
      ++subnormal_inputs;
      expected = std::signbit(input) ? 0x8000 : 0x0000;
    }
    if (expected != hardware[i]) mismatches.add(input, expected, hardware[i]);
  }
  EXPECT_EQ(mismatches.count, 0u) << mismatches.first;
  EXPECT_GT(subnormal_inputs, 10000u);  // the probes do reach the flushed range
}

}  // namespace
}  // namespace suanli
