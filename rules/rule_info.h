// What `issuelint rules` lists and `issuelint explain` shows: a rule's documentation.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "rules/finding.h"

namespace issuelint {

// A long text that every copy of a RuleInfo shares. A rule kind's documentation is copied into
// its registry entry, its factory and every rule built from it; as plain strings those copies
// were ~60 KB of a check's heap, and a fresh heap page is a page fault. A literal of the
// program's (a code rule's documentation) is viewed where it lies: building the registry copied
// ~25 KB of them at every start, ~10 heap pages of its 40 KB. Text read at run time (a pack's
// YAML) is copied once and shared.
class SharedText {
 public:
  SharedText() = default;
  // consteval: only a string literal (or another constant array) binds here, never a buffer
  // that could go away.
  template <std::size_t N>
  consteval SharedText(const char (&literal)[N])  // NOLINT(google-explicit-constructor)
      : view_(literal, N - 1) {}
  // Text that outlives every copy of the SharedText, viewed where it lies: the program's
  // embedded files (YamlNode::static_text), such as the built-in packs' documentation.
  static SharedText of_static_data(std::string_view text) {
    SharedText shared;
    shared.view_ = text;
    return shared;
  }
  SharedText(std::string text)  // NOLINT(google-explicit-constructor): assigned like a string
      : owned_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))),
        view_(owned_ ? std::string_view(*owned_) : std::string_view()) {}

  SharedText(const SharedText&) = default;
  SharedText& operator=(const SharedText&) = default;
  // A moved-from text is empty, not a view of the text it gave away.
  SharedText(SharedText&& other) noexcept
      : owned_(std::move(other.owned_)), view_(std::exchange(other.view_, {})) {}
  SharedText& operator=(SharedText&& other) noexcept {
    owned_ = std::move(other.owned_);
    view_ = std::exchange(other.view_, {});
    return *this;
  }

  std::string_view view() const { return view_; }
  operator std::string_view() const { return view_; }  // NOLINT(google-explicit-constructor)
  std::string str() const { return std::string(view_); }
  bool empty() const { return view_.empty(); }
  std::size_t size() const { return view_.size(); }

  friend bool operator==(const SharedText& left, const SharedText& right) {
    return left.view_ == right.view_;
  }

 private:
  std::shared_ptr<const std::string> owned_;  // null for a literal
  std::string_view view_;                     // into the literal or into *owned_
};

struct RuleInfo {
  std::string id;                       // stable kebab-case, never reused
  std::string kind;                     // the generic kind it is built on, or "sql", "drizzle"...
  Severity severity = Severity::error;  // default severity
  std::string summary;                  // one line
  SharedText explanation;      // several paragraphs: why it matters (for SQL: lock, rewrite...)
  SharedText failing_example;  // a fragment of an issue that fires the rule
  SharedText passing_example;  // the same fragment fixed
  std::string pack;            // the pack it comes from ("generic" for template-derived)
  // Shipped with issuelint (a built-in pack, a template-derived or a core rule), so that
  // `issuelint explain` documents it; not a repository's extra rule or pack file.
  bool builtin = false;
};

}  // namespace issuelint
