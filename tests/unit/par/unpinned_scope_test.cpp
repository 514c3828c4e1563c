// UnpinnedScope widens the calling thread's mask to the CPUs given, threads started
// meanwhile inherit it, and the old mask comes back afterwards.
#include <gtest/gtest.h>
#include <pthread.h>

#include <thread>

#include "par/affinity.hpp"

namespace suanli::par {
namespace {

cpu_set_t mask_of_this_thread() {
  cpu_set_t set;
  CPU_ZERO(&set);
  pthread_getaffinity_np(pthread_self(), sizeof set, &set);
  return set;
}

TEST(UnpinnedScope, WidensForItsLifetimeAndRestores) {
  const cpu_set_t before = mask_of_this_thread();
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &before)) cpus.push_back(c);
  if (cpus.size() < 2) GTEST_SKIP() << "one CPU: nothing to widen";
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpus.front(), &one);
  ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof one, &one), 0);
  {
    const UnpinnedScope scope(cpus);
    const cpu_set_t inside = mask_of_this_thread();
    EXPECT_EQ(CPU_COUNT(&inside), static_cast<int>(cpus.size()));
    int inherited = 0;
    std::thread([&] {
      const cpu_set_t m = mask_of_this_thread();
      inherited = CPU_COUNT(&m);
    }).join();
    EXPECT_EQ(inherited, static_cast<int>(cpus.size()));
  }
  const cpu_set_t after = mask_of_this_thread();
  EXPECT_EQ(CPU_COUNT(&after), 1);
  EXPECT_TRUE(CPU_ISSET(cpus.front(), &after));
  pthread_setaffinity_np(pthread_self(), sizeof before, &before);
}

}  // namespace
}  // namespace suanli::par
