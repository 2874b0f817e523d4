#include "parser/known_texts.h"

#include <functional>

#include "parser/checkbox_text.h"
#include "parser/document.h"
#include "parser/inline_text.h"
#include "parser/normalize.h"

namespace issuelint {

void KnownTexts::add_label(std::string_view label) {
  label = trimmed_view(label);
  if (labels_.find(label) != nullptr) return;
  // Named as the walker names it (checkbox_name over the label's text, no bold in it).
  InlineText text;
  text.plain.assign(label);
  std::string storage;
  const std::string_view name = checkbox_name(text, {0, text.plain.size()}, storage);
  const std::less_equal<const char*> not_after;  // defined order for unrelated pointers
  const std::string_view plain(text.plain);
  if (!not_after(plain.data(), name.data()) ||
      !not_after(name.data() + name.size(), plain.data() + plain.size())) {
    return;  // built apart from the label: the walker stores it as its own copy
  }
  labels_.insert(label, LabelNaming{static_cast<std::size_t>(name.data() - plain.data()),
                                    name.size(), normalize_key(name)});
}

void KnownTexts::add_name(std::string_view name) {
  if (name_keys_.find(name) == nullptr) name_keys_.insert(name, normalize_key(name));
}

void KnownTexts::add_heading(std::string_view heading) {
  heading = trimmed_view(heading);
  if (headings_.find(heading) != nullptr) return;
  const std::size_t display_size = display_title_prefix(heading);
  if (display_size == std::string_view::npos) return;
  headings_.insert(heading,
                   HeadingTitles{display_size, normalize_key(heading.substr(0, display_size))});
}

void KnownTexts::add_document(const IssueDocument& document) {
  for (const Checkbox& box : document.checkboxes) {
    add_label(box.label);
    add_name(box.name);
  }
  for (std::size_t i = 1; i < document.sections.size(); ++i) {
    add_heading(document.sections[i].title);
  }
}

}  // namespace issuelint
