#include "core/machine/machine_sources.hpp"

#include "core/machine/sysfs.hpp"

namespace suanli {

MachineSources live_machine_sources() { return MachineSources{}; }

std::optional<MachineSources> recorded_machine_sources(const std::filesystem::path& dir, std::string* error) {
  const auto text = machine_detail::read_text_file(dir / "cpuid.txt");
  if (!text) {
    if (error) *error = (dir / "cpuid.txt").string() + ": cannot be read";
    return std::nullopt;
  }
  std::string why;
  auto cpuid = RecordedCpuid::parse(*text, &why);
  if (!cpuid) {
    if (error) *error = (dir / "cpuid.txt").string() + ": " + why;
    return std::nullopt;
  }
  return MachineSources{dir, std::make_shared<RecordedCpuid>(std::move(*cpuid)), false};
}

}  // namespace suanli
