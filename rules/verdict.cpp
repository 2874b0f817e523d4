#include "rules/verdict.h"

namespace issuelint {

std::string_view outcome_name(Outcome outcome) {
  return outcome == Outcome::ok ? "ok" : "needs-info";
}

}  // namespace issuelint
