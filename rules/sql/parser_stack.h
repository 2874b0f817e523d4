// libpg_query's JSON output and fingerprint walk the parse tree recursively, with no check of
// the stack's depth, and the tree of a left-associative chain (`1+1+1...`, `x::int::int...`,
// `a || b || c...`) nests one level per operator: bison reduces such a chain as it goes, so its
// own 10,000-entry limit never stops it. A chain of 8,000 operators (16 KB of SQL) took the
// whole of a 1 MB stack. A statement long enough to hold a chain deeper than a thread's stack is
// parsed on a thread of its own whose stack is sized for the deepest tree its bytes can make.
#pragma once

#include <pg_query.h>

#include <cstddef>
#include <string>

namespace issuelint::sql {

// Up to this many bytes a statement is parsed where it is: its deepest tree (a chain of
// 8 K operators) needs about 1 MB of stack, a worker thread has 8 MB.
inline constexpr std::size_t kParsedInPlaceBytes = 16 * 1024;

// The stack a statement of `bytes` may need: 64 bytes per byte were measured (128 per `+1` of
// a chain, which is two bytes); twice that, and 1 MB for the frames above the tree.
inline constexpr std::size_t stack_bytes_for(std::size_t bytes) {
  return (std::size_t{1} << 20) + bytes * 128;
}

// The largest stack a parse may have (virtual memory, touched only as deep as a tree goes):
// statements of about 8 MB. A longer one is refused with a message instead.
inline constexpr std::size_t kLargestParserStack = std::size_t{1} << 30;

// Runs `body(context)` on a new thread with a stack of `stack_bytes`, and waits for it. False
// when no such thread could be made (the memory is not there): `body` did not run.
bool run_on_stack_of(std::size_t stack_bytes, void (*body)(void*), void* context);

// The message a statement gets when its parse could not be given the stack it needs.
std::string statement_too_large_message(std::size_t bytes);

// An error as libpg_query makes one (malloc'd, its strings strdup'd), so that the result's own
// free function frees it. Throws std::bad_alloc when even that memory is not there.
PgQueryError* error_saying(const std::string& message);

// `parse(sql)` (pg_query_parse, pg_query_fingerprint, pg_query_parse_plpgsql), run where its
// stack is enough for any tree `length` bytes of SQL can make. When that stack cannot be had,
// a result with only an error, freed by the result's own free function like any other.
template <typename Result>
Result parse_with_stack(Result (*parse)(const char*), const char* sql, std::size_t length) {
  if (length <= kParsedInPlaceBytes) return parse(sql);
  struct Call {
    Result (*parse)(const char*);
    const char* sql;
    Result result{};
  } call{parse, sql};
  const std::size_t stack = stack_bytes_for(length);
  const auto body = [](void* context) {
    auto* on = static_cast<Call*>(context);
    on->result = on->parse(on->sql);
  };
  if (stack <= kLargestParserStack && run_on_stack_of(stack, body, &call)) return call.result;
  Result refused{};
  refused.error = error_saying(statement_too_large_message(length));
  return refused;
}

}  // namespace issuelint::sql
