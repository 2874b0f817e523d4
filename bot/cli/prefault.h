// Maps in, with a few system calls, the memory an `issuelint check` process is about to touch,
// instead of taking one page fault per page as it first touches each.
//
// Why: on the VMs this runs on (a Firecracker microVM here; CI runners are VMs too) a page fault
// costs 11 µs for a fresh heap page and 24 µs in the program's code (a fault there maps the
// 64 KB around it), while madvise(MADV_POPULATE_WRITE / _READ) maps pages for about 0.8 µs and
// 0.25 µs each (bench/fault_cost.cpp). A check took 213 faults, 49 of them the loader's and
// libc's, as `true` takes.
#pragma once

// The first and the last function of the code a check runs, as scripts/order-check-code lists
// it and lld lays it out (CMakeLists.txt): prefault maps the code between the two.
extern "C" void issuelint_check_code_begin();
extern "C" void issuelint_check_code_end();

namespace issuelint::cli {

// Grows the heap by what a check of a usual draft uses (glibc's break, with its top pad raised)
// and maps it, then maps the program's own segments: the code a check runs (all the code when
// the link did not lay it out first), the constants but for the unwinding tables, the data. Does
// nothing on a kernel without MADV_POPULATE_* (before Linux 5.14) or in a sanitizer build, whose
// allocator does not use the break.
void prefault_for_check();

}  // namespace issuelint::cli
