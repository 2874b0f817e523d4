#include "parser/known_texts.h"

#include <functional>

#include "parser/checkbox_text.h"
#include "parser/document.h"
#include "parser/inline_text.h"
#include "parser/normalize.h"

namespace issuelint {
namespace {

// Room for a usual catalog's texts in the first chunk (the flagship template's: about 2.5 KB).
constexpr std::size_t kUsualTextBytes = 4096;

}  // namespace

KnownTexts::KnownTexts(const KnownTexts& other) { *this = other; }

KnownTexts& KnownTexts::operator=(const KnownTexts& other) {
  if (this == &other) return *this;
  // Each entry is what its text alone gives: learned again from the texts, into a new arena.
  KnownTexts copy;
  other.labels_.for_each([&](std::string_view label, const auto&, std::uint32_t number) {
    copy.add_label(label, number);
  });
  other.bold_labels_.for_each(
      [&](std::string_view label, const BoldNaming& naming, std::uint32_t number) {
        copy.add_bold_label(label, naming.name_offset, naming.name_size, number);
      });
  other.name_keys_.for_each(
      [&](std::string_view name, const auto&, std::uint32_t) { copy.add_name(name); });
  other.headings_.for_each([&](std::string_view heading, const auto&, std::uint32_t number) {
    copy.add_heading(heading, number);
  });
  copy.boxes_learned_ = other.boxes_learned_;
  copy.headings_learned_ = other.headings_learned_;
  return *this = std::move(copy);
}

ElementText KnownTexts::store(std::string_view text) {
  if (!texts_) texts_ = std::make_shared<TextArena>(kUsualTextBytes);
  return texts_->store(text);
}

void KnownTexts::add_label(std::string_view label) { add_label(label, boxes_learned_++); }

void KnownTexts::add_label(std::string_view label, std::uint32_t number) {
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
  const ElementText stored = store(label);
  labels_.insert(stored,
                 LabelNaming{stored, static_cast<std::size_t>(name.data() - plain.data()),
                             name.size(), store(normalize_key(name))},
                 number);
}

void KnownTexts::add_bold_label(std::string_view label, std::size_t name_offset,
                                std::size_t name_size) {
  add_bold_label(label, name_offset, name_size, boxes_learned_++);
}

void KnownTexts::add_bold_label(std::string_view label, std::size_t name_offset,
                                std::size_t name_size, std::uint32_t number) {
  if (name_size == 0 || name_offset + name_size > label.size()) return;
  if (trimmed_view(label).size() != label.size()) return;
  if (BoldNaming::is_name_edge(label[name_offset]) ||
      BoldNaming::is_name_edge(label[name_offset + name_size - 1])) {
    return;
  }
  if (bold_labels_.find(label) != nullptr) return;
  // The walker names a label by its first bold part unless text with a key stands before it;
  // the part may start before the name by " \t:" it strips. Only starts with nothing keyed
  // before them are kept: from name_offset back while that holds.
  if (has_key_text(label.substr(0, name_offset))) return;
  std::size_t from = name_offset;
  while (from > 0 && BoldNaming::is_name_edge(label[from - 1]) &&
         !has_key_text(label.substr(0, from - 1))) {
    --from;
  }
  const ElementText stored = store(label);
  bold_labels_.insert(stored,
                      BoldNaming{stored, name_offset, name_size, from,
                                 store(normalize_key(label.substr(name_offset, name_size)))},
                      number);
}

void KnownTexts::add_name(std::string_view name) {
  if (name_keys_.find(name) == nullptr) {
    name_keys_.insert(store(name), store(normalize_key(name)),
                      static_cast<std::uint32_t>(name_keys_.size()));
  }
}

void KnownTexts::add_heading(std::string_view heading) {
  add_heading(heading, headings_learned_++);
}

void KnownTexts::add_heading(std::string_view heading, std::uint32_t number) {
  heading = trimmed_view(heading);
  if (headings_.find(heading) != nullptr) return;
  const std::size_t display_size = display_title_prefix(heading);
  if (display_size == std::string_view::npos) return;
  const ElementText stored = store(heading);
  headings_.insert(
      stored,
      HeadingTitles{stored, display_size,
                    store(normalize_key(without_enumeration(heading.substr(0, display_size))))},
      number);
}

void KnownTexts::add_document(const IssueDocument& document) {
  const std::less_equal<const char*> not_after;  // defined order for unrelated pointers
  for (const Checkbox& box : document.checkboxes) {
    // A box's plain and bold entries share its number: a draft's next box is tried at either.
    const std::uint32_t number = boxes_learned_++;
    add_label(box.label, number);
    add_name(box.name);
    // A name that is a part of its label may have been its bold part (a bold label's entry
    // holds whatever name it is given: the walker takes it only where bold gives that name).
    if (!box.name.empty() && not_after(box.label.data(), box.name.data()) &&
        not_after(box.name.data() + box.name.size(), box.label.data() + box.label.size())) {
      add_bold_label(box.label, static_cast<std::size_t>(box.name.data() - box.label.data()),
                     box.name.size(), number);
    }
  }
  for (std::size_t i = 1; i < document.sections.size(); ++i) {
    add_heading(document.sections[i].title, headings_learned_++);
  }
}

}  // namespace issuelint
