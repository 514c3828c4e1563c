#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "cli/commands.hpp"

namespace suanli::cli {

namespace {

// SUANLI_STREAM_SIZE for stream's --size.
std::string environment_twin(const std::string& benchmark, const std::string& option) {
  std::string name = "SUANLI_" + benchmark + "_" + option;
  for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// Calls each typed getter once so that bad values fail before any work starts.
void validate_options(const BenchmarkDescriptor& benchmark, const Options& options) {
  for (const OptionSpec& spec : benchmark.options) {
    switch (spec.type) {
      case OptionType::size: options.size_bytes(spec.name); break;
      case OptionType::count: options.count(spec.name); break;
      case OptionType::real: options.real(spec.name); break;
      case OptionType::text:
      case OptionType::flag: break;
    }
  }
}

// Values of the options as parsed, kept alive for CLI11's bindings.
struct BoundOptions {
  std::vector<std::pair<const OptionSpec*, std::string>> values;
  std::vector<CLI::Option*> cli_options;
  std::string json_path;
  std::string profile = "quick";
  bool quiet = false;

  Options collect() const {
    Options options;
    for (std::size_t i = 0; i < values.size(); ++i)
      if (cli_options[i]->count() > 0) options.set(values[i].first->name, values[i].second);
    return options;
  }
};

}  // namespace

Options options_from_environment(const BenchmarkDescriptor& benchmark) {
  Options options;
  for (const OptionSpec& spec : benchmark.options)
    if (const char* value = std::getenv(environment_twin(benchmark.name, spec.name).c_str()))
      options.set(spec.name, value);
  validate_options(benchmark, options);
  return options;
}

Command add_benchmark_command(CLI::App& app, CliContext& ctx, const BenchmarkDescriptor& benchmark) {
  auto* sub = app.add_subcommand(benchmark.name, benchmark.summary);
  auto bound = std::make_shared<BoundOptions>();
  bound->values.reserve(benchmark.options.size());
  for (const OptionSpec& spec : benchmark.options) {
    bound->values.emplace_back(&spec, std::string());
    const std::string flag = "--" + spec.name;
    CLI::Option* option = spec.type == OptionType::flag
                              ? sub->add_flag(flag, bound->values.back().second, spec.help)
                              : sub->add_option(flag, bound->values.back().second, spec.help)->type_name(spec.value_name);
    option->envname(environment_twin(benchmark.name, spec.name));
    bound->cli_options.push_back(option);
  }
  sub->add_option("--json", bound->json_path, "write the report as JSON to FILE")->type_name("FILE");
  sub->add_flag("--quiet", bound->quiet, "print nothing but errors");
  sub->add_option("--profile", bound->profile,
                  "quick (default: short runs, as `suanli run`) or full (longer runs, sweeps); hpc, ai, cloud as full")
      ->type_name("NAME")
      ->envname("SUANLI_PROFILE");
  return {sub, [&ctx, &benchmark, bound] {
            const auto profile = parse_profile(bound->profile);
            if (!profile)
              throw UsageError(
                  fmt::format("--profile: expected quick, hpc, ai, cloud or full, got '{}'", bound->profile));
            const Options options = bound->collect();
            validate_options(benchmark, options);
            Report report = ctx.new_report();
            return run_and_report(ctx, {{&benchmark}, {options}, *profile, bound->quiet, bound->json_path},
                                  report);
          }};
}

}  // namespace suanli::cli
