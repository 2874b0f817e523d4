// Errors as values: a Result<T> holds either a T or an Error that says what failed and where.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace issuelint {

struct Error {
  std::string message;  // one clear sentence for a person
  std::string where;    // "file:line:col", a URL, a key path... empty when not applicable

  std::string describe() const { return where.empty() ? message : where + ": " + message; }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
struct Ok {};
using Status = Result<Ok>;

// Cold: an error is the rare path, and GCC lays out the code that builds one (its message
// strings) apart from its caller's usual path, so a run touches fewer pages of code.
[[gnu::cold]] inline Error make_error(std::string message, std::string where = {}) {
  return Error{std::move(message), std::move(where)};
}

}  // namespace issuelint
