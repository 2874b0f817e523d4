// What `issuelint rules` lists and `issuelint explain` shows: a rule's documentation.
#pragma once

#include <memory>
#include <string>

#include "rules/finding.h"

namespace issuelint {

// A long text that every copy of a RuleInfo shares. A rule kind's documentation is copied into
// its registry entry, its factory and every rule built from it; as plain strings those copies
// were ~60 KB of a check's heap, and a fresh heap page is a page fault.
class SharedText {
 public:
  SharedText() = default;
  SharedText(std::string text)  // NOLINT(google-explicit-constructor): assigned like a string
      : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  SharedText(const char* text)
      : SharedText(std::string(text)) {}  // NOLINT(google-explicit-constructor)

  const std::string& str() const { return text_ ? *text_ : empty_text(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  bool empty() const { return text_ == nullptr; }
  std::size_t size() const { return str().size(); }

  friend bool operator==(const SharedText& left, const SharedText& right) {
    return left.str() == right.str();
  }

 private:
  static const std::string& empty_text() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> text_;
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
};

}  // namespace issuelint
