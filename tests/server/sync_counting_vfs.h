// A SQLite VFS that is the default one, but counts the fsyncs (xSync) of each kind of file, so
// that a test can see which operations wait for the disk: a commit that must be durable syncs
// the WAL, a checkpoint syncs the database file. Open a database with its name()
// (SqliteQueueOptions::vfs) after install().
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
};

}  // namespace issuelint::test
