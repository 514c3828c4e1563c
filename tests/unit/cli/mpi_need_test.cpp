// Which command lines start MPI: run and the benchmarks do, the commands that
// need no other rank do not, unless an MPI launcher started the process.
#include "cli/mpi_need.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "harness/benchmark.hpp"

namespace suanli::cli {
namespace {

bool needs_mpi(std::vector<std::string> words) {
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  return command_needs_mpi(static_cast<int>(argv.size()), argv.data());
}

// The variables par::launched_by_mpi_launcher reads, cleared for a test and put back after.
class CliMpiNeed : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : launcher_variables) {
      const char* value = std::getenv(name);
      saved_.push_back(value ? std::optional<std::string>(value) : std::nullopt);
      ::unsetenv(name);
    }
  }
  void TearDown() override {
    for (std::size_t i = 0; i < saved_.size(); ++i)
      if (saved_[i]) ::setenv(launcher_variables[i], saved_[i]->c_str(), 1);
      else ::unsetenv(launcher_variables[i]);
  }
  static constexpr const char* launcher_variables[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                                       "SLURM_STEP_ID"};
  std::vector<std::optional<std::string>> saved_;
};

TEST_F(CliMpiNeed, RunAndEveryBenchmarkNeedMpi) {
  EXPECT_TRUE(command_name_needs_mpi("run"));
  ASSERT_FALSE(Registry::instance().all().empty());
  for (const BenchmarkDescriptor& b : Registry::instance().all()) EXPECT_TRUE(command_name_needs_mpi(b.name)) << b.name;
  EXPECT_TRUE(needs_mpi({"suanli", "hpl", "--n", "1000"}));
}

TEST_F(CliMpiNeed, CommandsOfOneProcessDoNot) {
  for (const char* command : {"info", "formats", "units", "report"}) EXPECT_FALSE(command_name_needs_mpi(command)) << command;
  EXPECT_FALSE(needs_mpi({"suanli", "formats", "3.14"}));
  EXPECT_FALSE(needs_mpi({"suanli", "report", "a.json", "b.json"}));
  // Help and what the parser refuses answer at once too.
  EXPECT_FALSE(needs_mpi({"suanli"}));
  EXPECT_FALSE(needs_mpi({"suanli", "--help"}));
  EXPECT_FALSE(needs_mpi({"suanli", "no-such-command"}));
}

TEST_F(CliMpiNeed, ABenchmarksHelpAndRefusedOptionsDoNot) {
  EXPECT_FALSE(needs_mpi({"suanli", "stream", "--help"}));
  EXPECT_FALSE(needs_mpi({"suanli", "hpl", "--n", "1000", "-h"}));
  EXPECT_FALSE(needs_mpi({"suanli", "stream", "--no-such-option"}));
  EXPECT_FALSE(needs_mpi({"suanli", "hpl", "--n"}));  // a value is missing
  EXPECT_FALSE(needs_mpi({"suanli", "run", "--no-such-option"}));
  // A value the parser takes but the benchmark may refuse is judged after start-up, by the benchmark.
  EXPECT_TRUE(needs_mpi({"suanli", "stream", "--size", "lots"}));
  EXPECT_TRUE(needs_mpi({"suanli", "run"}));
}

TEST_F(CliMpiNeed, UnderALauncherEveryCommandStartsMpi) {
  ::setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
  EXPECT_TRUE(needs_mpi({"suanli", "units"}));
  EXPECT_TRUE(needs_mpi({"suanli", "formats"}));
  ::unsetenv("OMPI_COMM_WORLD_SIZE");
  ::setenv("SLURM_STEP_ID", "0", 1);
  EXPECT_TRUE(needs_mpi({"suanli", "info"}));
}

}  // namespace
}  // namespace suanli::cli
