// What every end-to-end test needs: a fresh directory per test, the binary run
// inside it (optionally under a launcher such as mpirun), its exit code, its
// output, and the files it left behind.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace suanli::e2e {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class EndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / fmt::format("suanli_e2e_{}_{}_{}", test->test_suite_name(), test->name(), getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `suanli ARGS` (behind `prefix`, e.g. environment settings or mpirun) inside the test's directory.
  Outcome run(const std::string& args, const std::string& prefix = "") const {
    const std::string command = fmt::format("cd '{}' && {} '{}' {} >out.txt 2>err.txt", dir_.string(), prefix,
                                            SUANLI_BINARY, args);
    const int status = std::system(command.c_str());
    Outcome o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = read_file(dir_ / "out.txt");
    o.err = read_file(dir_ / "err.txt");
    fs::remove(dir_ / "out.txt");
    fs::remove(dir_ / "err.txt");
    return o;
  }

  // For commands that interrupt a run: the run is started behind ready_prefix(),
  // and wait_until_started() waits until it has written its SUANLI_READY_FILE (up
  // to about 60 s, as MPI's start-up may take seconds), or kills $pid and exits 124
  // when it never does. The path is absolute: `cd DIR && suanli … &` leaves the
  // shell that waits in the directory it started in.
  fs::path ready_file() const { return dir_ / "ready"; }
  std::string ready_prefix() const { return fmt::format("SUANLI_READY_FILE='{}'", ready_file().string()); }
  std::string wait_until_started() const {
    return fmt::format(
        "i=0; until [ -e '{}' ]; do i=$((i+1)); "
        "if [ $i -gt 1200 ]; then kill -KILL $pid; echo 'never started' >&2; exit 124; fi; sleep 0.05; done",
        ready_file().string());
  }

  static int line_count(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }

  // What the run left in the directory, sorted: nothing but what the test asked for.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

}  // namespace suanli::e2e
