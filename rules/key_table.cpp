#include "rules/key_table.h"

namespace issuelint {

void KeyTable::allocate(std::size_t entries) {
  bits_ = 3;
  while ((std::size_t{1} << bits_) < 2 * entries) ++bits_;
  slots_.assign(std::size_t{1} << bits_, kFree);
}

}  // namespace issuelint
