// What a page fault costs on this machine against mapping the same pages with
// madvise(MADV_POPULATE_*): the figures behind bot/cli/prefault.cpp. Usage: bench_fault_cost FILE
// (a file in the page cache, e.g. the issuelint binary). Reports; asserts nothing.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "bot/cli/populate_advice.h"

namespace {

double microseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
      .count();
}

char* map(std::size_t size, int protection, int flags, int fd) {
  void* at = mmap(nullptr, size, protection, flags, fd, 0);
  return at == MAP_FAILED ? nullptr : static_cast<char*>(at);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY);
  struct stat status {};
  if (fd < 0 || fstat(fd, &status) != 0) {
    std::perror(argv[1]);
    return 2;
  }
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const auto file_size = static_cast<std::size_t>(status.st_size);
  const std::size_t file_pages = file_size / page;
  constexpr std::size_t kAnonPages = 100;
  volatile char sink = 0;

  char* touched = map(file_size, PROT_READ, MAP_PRIVATE, fd);
  char* populated = map(file_size, PROT_READ, MAP_PRIVATE, fd);
  char* anon_touched =
      map(kAnonPages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
  char* anon_populated =
      map(kAnonPages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
  if (!touched || !populated || !anon_touched || !anon_populated) {
    std::perror("mmap");
    return 2;
  }
  // A file fault maps the 64 KB around it (fault-around): one touch per 64 KB is one fault.
  auto start = std::chrono::steady_clock::now();
  std::size_t faults = 0;
  for (std::size_t at = 0; at < file_size; at += 64 * 1024, ++faults) sink = sink + touched[at];
  const double file_faults = microseconds_since(start);
  start = std::chrono::steady_clock::now();
  const int read_status = madvise(populated, file_size, MADV_POPULATE_READ);
  const double file_populate = microseconds_since(start);
  start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < kAnonPages; ++i) anon_touched[i * page] = 1;
  const double anon_faults = microseconds_since(start);
  start = std::chrono::steady_clock::now();
  const int write_status = madvise(anon_populated, kAnonPages * page, MADV_POPULATE_WRITE);
  const double anon_populate = microseconds_since(start);
  // Populated pages are mapped, yet the first touch of each still costs on a VM whose
  // hypervisor shadows the guest's page tables or backs its memory lazily: timed apart, a
  // page at a time, then a second pass for the cost of a touch of a page already touched.
  const auto time_touches = [&](char* memory, std::size_t pages, bool write) {
    const auto begin = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < pages; ++i) {
      if (write) {
        memory[i * page] = 2;
      } else {
        sink = sink + memory[i * page];
      }
    }
    return microseconds_since(begin) / static_cast<double>(pages);
  };
  const double file_first_touch = time_touches(populated, file_pages, false);
  const double file_second_touch = time_touches(populated, file_pages, false);
  const double anon_first_touch = time_touches(anon_populated, kAnonPages, true);
  const double anon_second_touch = time_touches(anon_populated, kAnonPages, true);

  std::printf("file, a fault per 64 KB: %zu faults, %.2f us a fault\n", faults,
              file_faults / faults);
  std::printf("file, MADV_POPULATE_READ: %zu pages, %.3f us a page%s\n", file_pages,
              file_populate / file_pages, read_status == 0 ? "" : " (not supported)");
  std::printf("anonymous, a fault a page: %zu pages, %.2f us a page\n", kAnonPages,
              anon_faults / kAnonPages);
  std::printf("anonymous, MADV_POPULATE_WRITE: %zu pages, %.3f us a page%s\n", kAnonPages,
              anon_populate / kAnonPages, write_status == 0 ? "" : " (not supported)");
  std::printf("file, populated, first read of a page: %.3f us (again: %.3f)\n", file_first_touch,
              file_second_touch);
  std::printf("anonymous, populated, first write of a page: %.3f us (again: %.3f)\n",
              anon_first_touch, anon_second_touch);
  return 0;
}
