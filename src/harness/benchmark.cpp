#include "harness/benchmark.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/error.hpp"
#include "core/units.hpp"

namespace suanli {

std::string_view centre_name(Centre c) {
  switch (c) {
    case Centre::hpc: return "hpc";
    case Centre::ai: return "ai";
    case Centre::cloud: return "cloud";
  }
  return "?";
}

std::string_view profile_name(Profile p) {
  switch (p) {
    case Profile::quick: return "quick";
    case Profile::hpc: return "hpc";
    case Profile::ai: return "ai";
    case Profile::cloud: return "cloud";
    case Profile::full: return "full";
  }
  return "?";
}

std::optional<Profile> parse_profile(std::string_view name) {
  for (Profile p : {Profile::quick, Profile::hpc, Profile::ai, Profile::cloud, Profile::full})
    if (profile_name(p) == name) return p;
  return std::nullopt;
}

std::optional<double> Options::size_bytes(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  auto bytes = parse_quantity(it->second);
  if (!bytes || *bytes < 1)
    throw UsageError(fmt::format("--{}: expected a positive size such as 512Mi, 4G or 2e9, got '{}'", name,
                                 it->second));
  return bytes;
}

std::optional<std::uint64_t> Options::count(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  auto n = parse_positive_count(it->second);
  if (!n) throw UsageError(fmt::format("--{}: expected a whole number of at least 1, got '{}'", name, it->second));
  return n;
}

std::optional<double> Options::real(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  auto x = parse_quantity(it->second);
  if (!x || *x <= 0) throw UsageError(fmt::format("--{}: expected a positive number, got '{}'", name, it->second));
  return x;
}

std::optional<std::string> Options::text(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool Options::flag(const std::string& name) const {
  auto it = values_.find(name);
  return it != values_.end() && it->second != "false" && it->second != "0";
}

Registry& Registry::instance() {
  static Registry registry;
  return registry;
}

void Registry::add(BenchmarkDescriptor descriptor) {
  benchmarks_.push_back(std::move(descriptor));
  std::sort(benchmarks_.begin(), benchmarks_.end(),
            [](const auto& a, const auto& b) { return std::tie(a.run_order, a.name) < std::tie(b.run_order, b.name); });
}

const BenchmarkDescriptor* Registry::find(std::string_view name) const {
  for (const auto& b : benchmarks_)
    if (b.name == name) return &b;
  return nullptr;
}

}  // namespace suanli
