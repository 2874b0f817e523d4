// RAII owners for libpg_query results: each result type has its own free function, and a
// result leaked on an early return is memory the server never gets back.
#pragma once

#include <pg_query.h>

namespace issuelint::sql {

template <typename ResultType, void (*FreeFunction)(ResultType)>
class PgQueryHandle {
 public:
  explicit PgQueryHandle(ResultType result) : result_(result) {}
  ~PgQueryHandle() { FreeFunction(result_); }
  PgQueryHandle(const PgQueryHandle&) = delete;
  PgQueryHandle& operator=(const PgQueryHandle&) = delete;

  const ResultType& get() const { return result_; }
  const ResultType* operator->() const { return &result_; }

 private:
  ResultType result_;
};

using ParseHandle = PgQueryHandle<PgQueryParseResult, pg_query_free_parse_result>;
using SplitHandle = PgQueryHandle<PgQuerySplitResult, pg_query_free_split_result>;
using PlpgsqlHandle = PgQueryHandle<PgQueryPlpgsqlParseResult, pg_query_free_plpgsql_parse_result>;
using FingerprintHandle = PgQueryHandle<PgQueryFingerprintResult, pg_query_free_fingerprint_result>;

}  // namespace issuelint::sql
