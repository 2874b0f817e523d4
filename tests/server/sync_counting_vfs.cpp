#include "tests/server/sync_counting_vfs.h"

#include <sqlite3.h>

#include <atomic>
#include <mutex>

namespace issuelint::test {
namespace {

std::atomic<int> wal_syncs{0};
std::atomic<int> database_syncs{0};
std::atomic<bool> disk_full{false};
sqlite3_vfs* real_vfs = nullptr;

// Our file comes first, the real VFS's file right after it, in the space SQLite allocates.
struct CountingFile {
  sqlite3_file base;
  sqlite3_file* real;
  std::atomic<int>* syncs;  // the counter this file's syncs go to, or nullptr
};

sqlite3_file* real_of(sqlite3_file* file) { return reinterpret_cast<CountingFile*>(file)->real; }

int count_sync(sqlite3_file* file, int flags) {
  auto* counting = reinterpret_cast<CountingFile*>(file);
  if (counting->syncs != nullptr) ++*counting->syncs;
  return counting->real->pMethods->xSync(counting->real, flags);
}

int close_file(sqlite3_file* file) { return real_of(file)->pMethods->xClose(real_of(file)); }
int read_file(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  return real_of(file)->pMethods->xRead(real_of(file), out, amount, offset);
}
int write_file(sqlite3_file* file, const void* in, int amount, sqlite3_int64 offset) {
  if (disk_full) return SQLITE_FULL;
  return real_of(file)->pMethods->xWrite(real_of(file), in, amount, offset);
}
int truncate_file(sqlite3_file* file, sqlite3_int64 size) {
  return real_of(file)->pMethods->xTruncate(real_of(file), size);
}
int file_size(sqlite3_file* file, sqlite3_int64* size) {
  return real_of(file)->pMethods->xFileSize(real_of(file), size);
}
int lock_file(sqlite3_file* file, int level) {
  return real_of(file)->pMethods->xLock(real_of(file), level);
}
int unlock_file(sqlite3_file* file, int level) {
  return real_of(file)->pMethods->xUnlock(real_of(file), level);
}
int check_reserved_lock(sqlite3_file* file, int* out) {
  return real_of(file)->pMethods->xCheckReservedLock(real_of(file), out);
}
int file_control(sqlite3_file* file, int op, void* arg) {
  return real_of(file)->pMethods->xFileControl(real_of(file), op, arg);
}
int sector_size(sqlite3_file* file) { return real_of(file)->pMethods->xSectorSize(real_of(file)); }
int device_characteristics(sqlite3_file* file) {
  return real_of(file)->pMethods->xDeviceCharacteristics(real_of(file));
}
int shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return real_of(file)->pMethods->xShmMap(real_of(file), region, size, extend, out);
}
int shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  return real_of(file)->pMethods->xShmLock(real_of(file), offset, n, flags);
}
void shm_barrier(sqlite3_file* file) { real_of(file)->pMethods->xShmBarrier(real_of(file)); }
int shm_unmap(sqlite3_file* file, int delete_flag) {
  return real_of(file)->pMethods->xShmUnmap(real_of(file), delete_flag);
}
int fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  return real_of(file)->pMethods->xFetch(real_of(file), offset, amount, out);
}
int unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return real_of(file)->pMethods->xUnfetch(real_of(file), offset, page);
}

// Version 3, as the unix VFS's: WAL mode needs the shared-memory methods.
const sqlite3_io_methods kCountingMethods = {
    .iVersion = 3,
    .xClose = close_file,
    .xRead = read_file,
    .xWrite = write_file,
    .xTruncate = truncate_file,
    .xSync = count_sync,
    .xFileSize = file_size,
    .xLock = lock_file,
    .xUnlock = unlock_file,
    .xCheckReservedLock = check_reserved_lock,
    .xFileControl = file_control,
    .xSectorSize = sector_size,
    .xDeviceCharacteristics = device_characteristics,
    .xShmMap = shm_map,
    .xShmLock = shm_lock,
    .xShmBarrier = shm_barrier,
    .xShmUnmap = shm_unmap,
    .xFetch = fetch,
    .xUnfetch = unfetch,
};

int open_file(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* counting = reinterpret_cast<CountingFile*>(file);
  counting->real = reinterpret_cast<sqlite3_file*>(counting + 1);
  counting->syncs = (flags & SQLITE_OPEN_WAL) != 0       ? &wal_syncs
                    : (flags & SQLITE_OPEN_MAIN_DB) != 0 ? &database_syncs
                                                         : nullptr;
  const int status = real_vfs->xOpen(real_vfs, name, counting->real, flags, out_flags);
  // SQLite calls xClose only on a file whose pMethods is set: leave it unset when opening
  // failed, as the real VFS left its own.
  counting->base.pMethods = counting->real->pMethods != nullptr ? &kCountingMethods : nullptr;
  return status;
}

}  // namespace

void SyncCountingVfs::install() {
  static std::once_flag once;
  std::call_once(once, [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    static sqlite3_vfs counting = *real_vfs;
    counting.szOsFile = static_cast<int>(sizeof(CountingFile)) + real_vfs->szOsFile;
    counting.zName = name();
    counting.pNext = nullptr;
    counting.xOpen = open_file;
    sqlite3_vfs_register(&counting, /*makeDflt=*/0);
  });
}

SyncCounts SyncCountingVfs::counts() { return {wal_syncs.load(), database_syncs.load()}; }

void SyncCountingVfs::set_disk_full(bool full) { disk_full = full; }

}  // namespace issuelint::test
