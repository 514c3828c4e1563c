// An aligned plain-text table for the terminal. Column widths count display
// cells, so CJK text (two cells a character) lines up too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace suanli {

enum class Align { left, right };

class TextTable {
 public:
  // One entry per column; the header row is printed with a rule beneath it.
  TextTable(std::vector<std::string> header, std::vector<Align> align);
  void add_row(std::vector<std::string> cells);
  std::string render() const;

 private:
  std::vector<std::string> header_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

// Terminal cells a UTF-8 string takes: 2 for wide (CJK) characters, 1 otherwise.
std::size_t display_width(std::string_view utf8);

}  // namespace suanli
