#include "parser/front_matter.h"

#include "parser/line_index.h"

namespace issuelint {

FrontMatterSplit split_front_matter(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const LineIndex lines(text);
  const auto line_text = [&](int line) {
    std::string_view view =
        text.substr(lines.line_start(line), lines.line_start(line + 1) - lines.line_start(line));
    while (!view.empty() && (view.back() == '\n' || view.back() == '\r' || view.back() == ' ')) {
      view.remove_suffix(1);
    }
    return view;
  };
  if (lines.line_count() < 2 || line_text(1) != "---") return {{}, text, 1};
  for (int line = 2; line <= lines.line_count(); ++line) {
    if (line_text(line) != "---" && line_text(line) != "...") continue;
    const std::size_t yaml_begin = lines.line_start(2);
    return {text.substr(yaml_begin, lines.line_start(line) - yaml_begin),
            text.substr(lines.line_start(line + 1)), line + 1};
  }
  return {{}, text, 1};
}

}  // namespace issuelint
