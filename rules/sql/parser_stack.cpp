#include "rules/sql/parser_stack.h"

#include <pthread.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace issuelint::sql {

bool run_on_stack_of(std::size_t stack_bytes, void (*body)(void*), void* context) {
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) return false;
  struct Start {
    void (*body)(void*);
    void* context;
  } start{body, context};
  const auto entry = [](void* argument) -> void* {
    auto* call = static_cast<Start*>(argument);
    call->body(call->context);
    return nullptr;
  };
  pthread_t thread;
  const bool made = pthread_attr_setstacksize(&attributes, stack_bytes) == 0 &&
                    pthread_create(&thread, &attributes, entry, &start) == 0;
  pthread_attr_destroy(&attributes);
  // The thread's libpg_query memory is freed by the library when the thread ends
  // (release_thread_memory in sql_parser.h).
  if (made) pthread_join(thread, nullptr);
  return made;
}

std::string statement_too_large_message(std::size_t bytes) {
  return "the statement is too large to parse here (" + std::to_string(bytes) +
         " bytes; no memory for the parser's stack)";
}

PgQueryError* error_saying(const std::string& message) {
  auto* error = static_cast<PgQueryError*>(std::calloc(1, sizeof(PgQueryError)));
  if (error == nullptr) throw std::bad_alloc();
  error->message = strdup(message.c_str());
  if (error->message == nullptr) {
    std::free(error);
    throw std::bad_alloc();
  }
  return error;
}

}  // namespace issuelint::sql
