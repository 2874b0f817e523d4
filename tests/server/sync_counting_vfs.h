// A SQLite VFS that is the default one, but counts the fsyncs (xSync) of each kind of file, so
// that a test can see which operations wait for the disk: a commit that must be durable syncs
// the WAL, a checkpoint syncs the database file. It can also play a full disk. Open a database
// with its name() (SqliteQueueOptions::vfs) after install().
#pragma once

namespace issuelint::test {

struct SyncCounts {
  int wal = 0;       // syncs of "-wal" files
  int database = 0;  // syncs of main database files
};

class SyncCountingVfs {
 public:
  // Registers the VFS once for the process (not as the default). Thread-safe.
  static void install();
  static const char* name() { return "issuelint-sync-counting"; }
  // The syncs counted since the process started, over every database opened with this VFS.
  static SyncCounts counts();
  // While set, every write to a database or WAL file fails as on a full disk (SQLITE_FULL).
  static void set_disk_full(bool full);
};

// A full disk for the life of a scope: it never outlives the test that set it.
class FullDisk {
 public:
  FullDisk() { SyncCountingVfs::set_disk_full(true); }
  ~FullDisk() { SyncCountingVfs::set_disk_full(false); }
  FullDisk(const FullDisk&) = delete;
  FullDisk& operator=(const FullDisk&) = delete;
};

}  // namespace issuelint::test
