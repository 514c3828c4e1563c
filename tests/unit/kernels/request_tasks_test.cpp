// The cloud server's tasks against their reference twins: every task on random
// payloads of many sizes, the parser's refusals, the FP32 tolerance, the counts.
#include "kernels/serving/request_tasks.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace suanli::kernels::serving {
namespace {

std::vector<std::uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

TEST(RequestTasks, EveryTaskMatchesItsReference) {
  for (Task task : {Task::hash, Task::sort, Task::parse, Task::vector, Task::wait})
    for (std::size_t elements : {0, 1, 2, 3, 7, 31, 32, 33, 100, 1000})
      for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const auto payload = make_payload(task, elements, seed);
        EXPECT_TRUE(answer_is_right(task, payload, answer(task, payload)))
            << task_name(task) << " " << elements << " " << seed;
      }
}

TEST(RequestTasks, HashIsMurmur3) {
  // MurmurHash3_x86_32 with seed 0: published values.
  auto hash = [](const std::string& s) {
    const auto a = *answer(Task::hash, bytes_of(s));
    std::uint32_t h;
    std::memcpy(&h, a.data(), 4);
    return h;
  };
  EXPECT_EQ(hash(""), 0u);
  EXPECT_EQ(hash("hello"), 0x248bfa47u);
  EXPECT_EQ(hash("The quick brown fox jumps over the lazy dog"), 0x2e4ff723u);
}

TEST(RequestTasks, ParseAnswersCountAndSumAndRefusesBadRecords) {
  const auto a = answer(Task::parse, bytes_of("ab=12;c=-5;zz=2147483647"));
  ASSERT_TRUE(a);
  std::int32_t values[2];
  std::memcpy(values, a->data(), 8);
  EXPECT_EQ(values[0], 3);
  EXPECT_EQ(values[1], static_cast<std::int32_t>(12u - 5u + 2147483647u));
  for (const char* bad : {"=1", "a=", "a=1;", "a1=2", "a=1;;b=2", "a=2147483648", "a=-2147483649", "a=1x"}) {
    EXPECT_FALSE(answer(Task::parse, bytes_of(bad))) << bad;
    EXPECT_TRUE(answer_is_right(Task::parse, bytes_of(bad), std::nullopt)) << bad;
  }
  EXPECT_TRUE(answer(Task::parse, bytes_of("a=-2147483648")));
}

TEST(RequestTasks, WrongAnswersAreCaught) {
  const auto payload = make_payload(Task::sort, 50, 9);
  auto reply = answer(Task::sort, payload);
  std::swap((*reply)[0], (*reply)[4]);
  EXPECT_FALSE(answer_is_right(Task::sort, payload, reply));
  const auto vector = make_payload(Task::vector, 64, 9);
  auto sums = *answer(Task::vector, vector);
  float dot;
  std::memcpy(&dot, sums.data(), 4);
  dot *= 1.001f;  // beyond the FP32 summation bound
  std::memcpy(sums.data(), &dot, 4);
  EXPECT_FALSE(answer_is_right(Task::vector, vector, sums));
  EXPECT_FALSE(answer_is_right(Task::hash, payload, std::nullopt));
}

TEST(RequestTasks, MisSizedPayloadsAreRefused) {
  EXPECT_FALSE(answer(Task::sort, std::vector<std::uint8_t>(7)));
  EXPECT_FALSE(answer(Task::vector, std::vector<std::uint8_t>(12)));
  EXPECT_FALSE(answer(Task::wait, std::vector<std::uint8_t>(3)));
  EXPECT_FALSE(task_from_code(0));
  EXPECT_FALSE(task_from_code(6));
}

TEST(RequestTasks, OperationCountsAreTheDocumentedFormulas) {
  EXPECT_DOUBLE_EQ(task_operations(Task::hash, 64), 8 * 16 + 12);
  EXPECT_DOUBLE_EQ(task_operations(Task::sort, 4 * 64), 64 * 6);
  EXPECT_DOUBLE_EQ(task_operations(Task::parse, 100), 400);
  EXPECT_DOUBLE_EQ(task_operations(Task::vector, 8 * 64), 6 * 64);
  EXPECT_DOUBLE_EQ(task_operations(Task::wait, 4), 0);
}

}  // namespace
}  // namespace suanli::kernels::serving
