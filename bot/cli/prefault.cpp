#include "bot/cli/prefault.h"

#include <link.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include "bot/cli/populate_advice.h"

namespace issuelint::cli {

// AddressSanitizer's allocator does not use the break, and it maps its shadow memory itself.
#if !defined(__SANITIZE_ADDRESS__)
namespace {

// A flagship check peaks at ~360 KB of heap (the built-in catalog ~210 KB of it).
constexpr std::size_t kHeapAhead = 384 * 1024;
constexpr std::size_t kProbeBytes = 64 * 1024;

std::uintptr_t page_down(std::uintptr_t address) {
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  return address & ~(page - 1);
}

void populate(std::uintptr_t begin, std::uintptr_t end, int advice) {
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, advice);
}

// The heap grows by kHeapAhead beyond what is asked from now on; a probe makes it grow once, and
// the pages from the probe to the break are mapped. The probe is freed back to the top chunk,
// which the raised trim threshold keeps.
void populate_heap() {
  mallopt(M_TOP_PAD, static_cast<int>(kHeapAhead));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kHeapAhead));
  void* probe = std::malloc(kProbeBytes);
  if (probe == nullptr) return;
  const std::uintptr_t from = page_down(reinterpret_cast<std::uintptr_t>(probe));
  std::free(probe);
  const auto top = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // Only a block the break holds, and only as far as it was grown: anything else means another
  // allocator (or mmap) served the probe.
  if (from < top && top - from <= kHeapAhead + 2 * kProbeBytes) {
    populate(from, top, MADV_POPULATE_WRITE);
  }
}

// The program's own loaded segments: code and constants are read, data is written (copied on
// write), so each gets the advice that maps it as it will be used. The start of the writable
// segment (relocated pointers, GNU_RELRO) is read-only by now, and MADV_POPULATE_WRITE over it
// fails whole: that part is read.
int populate_program_segments(dl_phdr_info* info, std::size_t, void*) {
  const bool is_program = info->dlpi_name == nullptr || info->dlpi_name[0] == '\0';
  if (!is_program) return 0;
  std::uintptr_t relro_begin = 0;
  std::uintptr_t relro_end = 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_GNU_RELRO) continue;
    relro_begin = info->dlpi_addr + segment.p_vaddr;
    relro_end = relro_begin + segment.p_memsz;
  }
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD) continue;
    std::uintptr_t begin = info->dlpi_addr + segment.p_vaddr;
    const std::uintptr_t end = begin + segment.p_memsz;
    if ((segment.p_flags & PF_W) == 0) {
      populate(page_down(begin), end, MADV_POPULATE_READ);
      continue;
    }
    if (relro_begin >= begin && relro_end > relro_begin && relro_end <= end) {
      populate(page_down(begin), relro_end, MADV_POPULATE_READ);
      begin = relro_end;
    }
    // The writable pages start on the page after the read-only ones (the loader rounds RELRO down).
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    populate((begin + page - 1) & ~(page - 1), end, MADV_POPULATE_WRITE);
  }
  return 1;  // the program is the first object listed; nothing more to visit
}

}  // namespace

void prefault_for_check() {
  populate_heap();
  dl_iterate_phdr(populate_program_segments, nullptr);
}
#else
void prefault_for_check() {}
#endif

}  // namespace issuelint::cli
