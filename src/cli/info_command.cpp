#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "report/machine_json.hpp"
#include "report/machine_text.hpp"

namespace suanli::cli {

Command add_info_command(CLI::App& app, CliContext& ctx) {
  auto* sub = app.add_subcommand("info", "the machine: topology, caches, memory, ISA, frequency, Rpeak per precision");
  auto json_path = std::make_shared<std::string>();
  sub->add_option("--json", *json_path, "also write the machine description as JSON to FILE")->type_name("FILE");
  return {sub, [&ctx, json_path] {
            const Machine& machine = ctx.machine();
            ctx.print(render_machine_text(machine));
            if (!json_path->empty() && ctx.world().is_root())
              write_file_atomically(*json_path, machine_to_json(machine).dump(2) + "\n");
            return ExitCode::success;
          }};
}

}  // namespace suanli::cli
