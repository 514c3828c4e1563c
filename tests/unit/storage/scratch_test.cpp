// The scratch directory of suanli io: fresh, removed with its files however the
// scope ends, and the refusals that come before anything is written.
#include "storage/scratch.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"

namespace suanli::storage {
namespace {

namespace fs = std::filesystem;

class StorageScratch : public ::testing::Test {
 protected:
  void SetUp() override {
    parent_ = fs::temp_directory_path() / ("suanli_scratch_test_" + std::to_string(::getpid()));
    fs::remove_all(parent_);
    fs::create_directories(parent_);
  }
  void TearDown() override { fs::remove_all(parent_); }
  bool parent_empty() const { return fs::is_empty(parent_); }
  fs::path parent_;
};

TEST_F(StorageScratch, FreshDirectoryAndItsFilesAreRemoved) {
  std::string inside;
  {
    ScratchDir scratch = ScratchDir::create(parent_.string());
    inside = scratch.path();
    EXPECT_TRUE(fs::is_directory(inside));
    EXPECT_EQ(fs::path(inside).parent_path(), parent_);
    std::ofstream(scratch.file("a.dat")) << "data";
    std::ofstream(scratch.file("b.dat")) << "data";
    ScratchDir second = ScratchDir::create(parent_.string());
    EXPECT_NE(second.path(), inside);
  }
  EXPECT_FALSE(fs::exists(inside));
  EXPECT_TRUE(parent_empty());
}

TEST_F(StorageScratch, RemovedWhenAnExceptionLeavesTheScope) {
  try {
    ScratchDir scratch = ScratchDir::create(parent_.string());
    std::ofstream(scratch.file("half-written.dat")) << "partial";
    throw RunError("io: a write failed");
  } catch (const RunError&) {
  }
  EXPECT_TRUE(parent_empty());
}

TEST_F(StorageScratch, MovedScratchIsRemovedOnce) {
  {
    ScratchDir a = ScratchDir::create(parent_.string());
    std::ofstream(a.file("x.dat")) << "x";
    ScratchDir b(std::move(a));
    EXPECT_TRUE(fs::exists(b.path() + "/x.dat"));
  }
  EXPECT_TRUE(parent_empty());
}

TEST_F(StorageScratch, RefusesTooLittleFreeSpace) {
  EXPECT_NO_THROW(check_free_space(parent_.string(), 4096, "--size"));
  try {
    check_free_space(parent_.string(), std::uint64_t{1} << 60, "--size");
    FAIL() << "an exabyte fitted";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("--size: ", 0), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_TRUE(parent_empty());
}

TEST_F(StorageScratch, RefusesWhatIsNotAWritableDirectory) {
  EXPECT_NO_THROW(check_directory(parent_.string(), "--dir"));
  EXPECT_THROW(check_directory((parent_ / "missing").string(), "--dir"), UsageError);
  std::ofstream(parent_ / "file") << "x";
  EXPECT_THROW(check_directory((parent_ / "file").string(), "--dir"), UsageError);
  EXPECT_THROW(check_directory("", "--dir"), UsageError);
}

TEST_F(StorageScratch, ProbesAndNamesTheFileSystemLeavingNothing) {
  direct_io_supported(parent_.string());  // either answer is right; the probe must not stay
  EXPECT_TRUE(parent_empty());
  EXPECT_FALSE(filesystem_type(parent_.string()).empty());
  EXPECT_EQ(filesystem_type("/proc"), "unknown (0x9fa0)");  // procfs: not in the table
}

}  // namespace
}  // namespace suanli::storage
