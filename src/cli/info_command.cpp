#include "cli/commands.hpp"
#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "kernels/dense/library_summary.hpp"
#include "report/machine_json.hpp"
#include "report/machine_text.hpp"

namespace suanli::cli {

Command add_info_command(CLI::App& app, CliContext& ctx) {
  auto* sub = app.add_subcommand("info", "the machine: topology, caches, memory, ISA, frequency, Rpeak per precision");
  auto json_path = std::make_shared<std::string>();
  sub->add_option("--json", *json_path, "also write the machine description as JSON to FILE")->type_name("FILE");
  return {sub, [&ctx, json_path] {
            const Machine& machine = ctx.machine();
            const auto libraries = kernels::dense::dense_library_summary(machine.features);
            std::string text = render_machine_text(machine) + "\n";
            for (const auto& l : libraries) text += fmt::format("{:<14}{}\n", l.label, l.text);
            ctx.print(text);
            if (!json_path->empty() && ctx.world().is_root()) {
              nlohmann::json json = machine_to_json(machine);
              for (const auto& l : libraries) json["dense_libraries"][l.label] = l.text;
              write_file_atomically(*json_path, json.dump(2) + "\n");
            }
            return ExitCode::success;
          }};
}

}  // namespace suanli::cli
