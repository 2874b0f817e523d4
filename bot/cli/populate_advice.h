// madvise(MADV_POPULATE_READ / MADV_POPULATE_WRITE), Linux 5.14: maps a range's pages in one call
// instead of a page fault each. Older C headers lack the names, and older kernels answer EINVAL.
#pragma once

#include <sys/mman.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
