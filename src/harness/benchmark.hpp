// What a benchmark is to the rest of suanli: a descriptor (name, summary,
// centre, profiles, options) and a run function that returns Results.
// Benchmarks register themselves; the CLI and `suanli run` read the registry.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/machine/machine.hpp"
#include "core/result.hpp"
#include "par/world.hpp"

namespace suanli {

enum class Centre { hpc, ai, cloud };
std::string_view centre_name(Centre c);

// The profiles of `suanli run`. quick is small and fast; the others are one
// centre's workloads at full size; full is everything at full size.
enum class Profile { quick, hpc, ai, cloud, full };
std::string_view profile_name(Profile p);
std::optional<Profile> parse_profile(std::string_view name);

enum class OptionType { size, count, real, text, flag };

// An option as data, so benchmarks need no CLI library: the CLI turns each
// into "--name VALUE" with an environment twin SUANLI_<BENCHMARK>_<NAME>.
struct OptionSpec {
  std::string name;        // "size" for --size
  OptionType type = OptionType::text;
  std::string help;        // what it sets and what it accepts
  std::string value_name;  // "BYTES", shown in --help
};

// Option values as given; typed getters validate and throw UsageError
// naming the option and what it accepts.
class Options {
 public:
  void set(const std::string& name, const std::string& value) { values_[name] = value; }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  const std::map<std::string, std::string>& values() const { return values_; }

  std::optional<double> size_bytes(const std::string& name) const;   // "512Mi", "4G"
  std::optional<std::uint64_t> count(const std::string& name) const;  // whole number >= 1
  std::optional<double> real(const std::string& name) const;          // positive number
  std::optional<std::string> text(const std::string& name) const;
  bool flag(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
};

struct RunContext {
  const Machine& machine;
  const par::World& world;
  Options options;
  Profile profile = Profile::quick;
  bool quiet = false;
};

struct BenchmarkDescriptor {
  std::string name;     // the subcommand: "stream"
  std::string summary;  // one line for --help
  Centre centre = Centre::hpc;
  // Where `run` puts it: lower first. The machine's roofs (peak, stream) come
  // before the kernels measured against them.
  int run_order = 100;
  std::vector<Profile> profiles;  // the `run` profiles that include it
  std::vector<OptionSpec> options;
  std::function<std::vector<Result>(RunContext&)> run;
};

class Registry {
 public:
  static Registry& instance();
  void add(BenchmarkDescriptor descriptor);
  const std::vector<BenchmarkDescriptor>& all() const { return benchmarks_; }
  const BenchmarkDescriptor* find(std::string_view name) const;

 private:
  std::vector<BenchmarkDescriptor> benchmarks_;
};

// A benchmark file registers itself with a static Registrar:
//   const Registrar registered{describe_stream()};
struct Registrar {
  explicit Registrar(BenchmarkDescriptor descriptor) { Registry::instance().add(std::move(descriptor)); }
};

}  // namespace suanli
