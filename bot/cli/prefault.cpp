#include "bot/cli/prefault.h"

#include <link.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "bot/cli/populate_advice.h"

// Empty, each in a section of its own for the linker to place: asm("") keeps each a distinct
// function (never folded into another, never dropped).
extern "C" [[gnu::noinline, gnu::used, gnu::section(".text.issuelint_check_code_begin")]] void
issuelint_check_code_begin() {
  asm("");
}
extern "C" [[gnu::noinline, gnu::used, gnu::section(".text.issuelint_check_code_end")]] void
issuelint_check_code_end() {
  asm("");
}

namespace issuelint::cli {

// AddressSanitizer's allocator does not use the break, and it maps its shadow memory itself.
#if !defined(__SANITIZE_ADDRESS__)
namespace {

// A flagship check peaks at ~392 KB asked of malloc (massif; the built-in catalog and the
// repository's alike), ~440 KB of heap with malloc's own headers: at 384 KB ahead, the break
// grew again near the end and its last six pages were first touched one by one.
constexpr std::size_t kHeapAhead = 512 * 1024;
// The probe is small: the heap grows by kHeapAhead beyond it all the same, and its headers and
// the top chunk's then lie in one page (a 64 KB probe put them in two, two faults).
constexpr std::size_t kProbeBytes = 64;

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
  // Only a block the break holds, and only as far as it was grown (malloc's own first block and
  // the page rounding add a few KB): anything else means another allocator (or mmap) served the
  // probe.
  constexpr std::size_t kGrowthSlack = 64 * 1024;
  if (from < top && top - from <= kHeapAhead + kGrowthSlack) {
    populate(from, top, MADV_POPULATE_WRITE);
  }
}

// Where the code a check runs ends, when the link laid it out first in the code segment
// (lld with bot/cli/check_code.order, CMakeLists.txt): the order file starts with the first
// marker and ends with the second, so the first then leads the segment. Else the segment's end.
std::uintptr_t end_of_check_code(std::uintptr_t segment_begin, std::uintptr_t segment_end) {
  const auto first = reinterpret_cast<std::uintptr_t>(&issuelint_check_code_begin);
  const auto last = reinterpret_cast<std::uintptr_t>(&issuelint_check_code_end);
  constexpr std::uintptr_t kLeadingBytes = 4096;  // what the linker may put before .text
  const bool laid_out = first >= segment_begin && first - segment_begin < kLeadingBytes &&
                        last > first && last < segment_end;
  return laid_out ? last : segment_end;
}

// The constants end where the unwinding tables begin (PT_GNU_EH_FRAME: .eh_frame_hdr, then
// .eh_frame): a check throws no exception, and they are a third of the segment.
std::uintptr_t end_of_constants(const dl_phdr_info& info, std::uintptr_t segment_begin,
                                std::uintptr_t segment_end) {
  for (int i = 0; i < info.dlpi_phnum; ++i) {
    const ElfW(Phdr)& header = info.dlpi_phdr[i];
    if (header.p_type != PT_GNU_EH_FRAME) continue;
    const std::uintptr_t tables = info.dlpi_addr + header.p_vaddr;
    if (tables > segment_begin && tables < segment_end) return tables;
  }
  return segment_end;
}

// The program's own loaded segments: code and constants are read, data is written (copied on
// write), so each gets the advice that maps it as it will be used. Of the code, only what a
// check runs, when it was laid out first; of the constants, not the unwinding tables. The
// start of the writable segment (relocated pointers, GNU_RELRO) is read-only by now, and
// MADV_POPULATE_WRITE over it fails whole: that part is read.
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
    if ((segment.p_flags & PF_X) != 0) {
      populate(page_down(begin), end_of_check_code(begin, end), MADV_POPULATE_READ);
      continue;
    }
    if ((segment.p_flags & PF_W) == 0) {
      populate(page_down(begin), end_of_constants(*info, begin, end), MADV_POPULATE_READ);
      continue;
    }
    // GNU ld puts RELRO at the start of the one writable segment; lld makes it a segment of
    // its own, ending where RELRO ends, and the data another one.
    if (relro_end > relro_begin && relro_begin < end && relro_end > begin) {
      populate(page_down(std::max(begin, relro_begin)), std::min(end, relro_end),
               MADV_POPULATE_READ);
      begin = std::max(begin, relro_end);
    }
    // The writable pages start on the page after the read-only ones (the loader rounds RELRO down).
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    populate((begin + page - 1) & ~(page - 1), end, MADV_POPULATE_WRITE);
  }
  return 1;  // the program is the first object listed; nothing more to visit
}

// The stack a check grows into below this frame (~20 KB at its deepest for the flagship): at
// exec the kernel gives the stack's mapping 128 KB below the arguments, so this stays inside it.
constexpr std::size_t kStackAhead = 48 * 1024;

void populate_stack() {
  const std::uintptr_t here =
      page_down(reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)));
  populate(here - kStackAhead, here, MADV_POPULATE_WRITE);
}

}  // namespace

void prefault_for_check() {
  populate_heap();
  populate_stack();
  dl_iterate_phdr(populate_program_segments, nullptr);
}
#else
void prefault_for_check() {}
#endif

}  // namespace issuelint::cli
