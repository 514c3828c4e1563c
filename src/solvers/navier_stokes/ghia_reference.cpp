#include "solvers/navier_stokes/ghia_reference.hpp"

#include <charconv>
#include <string>

#include "core/error.hpp"

namespace suanli::solvers::navier_stokes {

namespace {

std::vector<ProfilePoint> parse_table(std::string_view text) {
  std::vector<ProfilePoint> points;
  bool header_seen = false;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!header_seen) {  // "y,u" or "x,v"
      header_seen = true;
      continue;
    }
    const std::size_t comma = line.find(',');
    ProfilePoint p;
    const auto a = std::from_chars(line.data(), line.data() + comma, p.position);
    const auto b = comma == std::string_view::npos
                       ? std::from_chars_result{nullptr, std::errc::invalid_argument}
                       : std::from_chars(line.data() + comma + 1, line.data() + line.size(), p.value);
    if (a.ec != std::errc() || b.ec != std::errc())
      throw RunError("the embedded Ghia et al. table has a malformed line: " + std::string(line));
    points.push_back(p);
  }
  return points;
}

}  // namespace

const GhiaTable& ghia_re100() {
  static const GhiaTable table{parse_table(ghia_re100_u_csv()), parse_table(ghia_re100_v_csv())};
  return table;
}

}  // namespace suanli::solvers::navier_stokes
