#include "harness/benchmark.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.hpp"

namespace suanli {
namespace {

TEST(Registry, ListsEveryBenchmarkFile) {
  // One file, one registry entry: src/benchmarks/NAME.cpp registers NAME.
  const std::filesystem::path dir = std::filesystem::path(SUANLI_SOURCE_DIR) / "src" / "benchmarks";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".cpp") continue;
    ++files;
    const std::string name = entry.path().stem().string();
    EXPECT_NE(Registry::instance().find(name), nullptr) << name << ".cpp is not registered as '" << name << "'";
  }
  EXPECT_GT(files, 0);
  EXPECT_EQ(Registry::instance().all().size(), static_cast<std::size_t>(files));
}

TEST(Registry, EveryBenchmarkIsInTheFullProfileAndHasASummary) {
  for (const BenchmarkDescriptor& b : Registry::instance().all()) {
    EXPECT_FALSE(b.summary.empty()) << b.name;
    EXPECT_TRUE(b.run) << b.name;
    bool in_full = false;
    for (Profile p : b.profiles) in_full |= p == Profile::full;
    EXPECT_TRUE(in_full) << b.name;
  }
}

TEST(Options, TypedGettersParseAndNameTheOptionOnError) {
  Options o;
  o.set("size", "512Mi");
  o.set("trials", "7");
  o.set("bad-size", "-3");
  o.set("bad-count", "2.5");
  o.set("flag", "true");
  EXPECT_DOUBLE_EQ(*o.size_bytes("size"), 512.0 * 1024 * 1024);
  EXPECT_EQ(*o.count("trials"), 7u);
  EXPECT_FALSE(o.size_bytes("missing").has_value());
  EXPECT_TRUE(o.flag("flag"));
  EXPECT_FALSE(o.flag("missing"));
  try {
    (void)o.size_bytes("bad-size");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--bad-size"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'-3'"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)o.count("bad-count"), UsageError);
}

TEST(Profiles, ParseEveryNameAndRejectOthers) {
  for (const char* name : {"quick", "hpc", "ai", "cloud", "full"}) {
    auto p = parse_profile(name);
    ASSERT_TRUE(p.has_value()) << name;
    EXPECT_EQ(profile_name(*p), name);
  }
  EXPECT_FALSE(parse_profile("fast").has_value());
}

}  // namespace
}  // namespace suanli
