// The rules a repository's templates and configuration build, kept between triage jobs. A worker
// still fetches the template files and the configuration for every job (through the client's
// ETag cache: 304s, no rate-limit units), so a change on GitHub is seen at the next job; what it
// no longer repeats, while those files are byte for byte what they were, is parsing them and
// building the catalog: 2.0 M of a job's 4.5 M instructions in the sweep test (two templates, the
// flagship and a bug report). A kept catalog serves many issues, so it learns its templates'
// texts once, which a catalog built for one job would not repay.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rules/template_catalog.h"

namespace issuelint {

// What a repository's catalog is built from, as fetched: every template file (path and text, in
// the listing's order) and the configuration file's text, if it has one. (`serve --config`, the
// configuration of a repository without one, is fixed for the life of the process, so a cache
// belongs to one process.)
struct CatalogSources {
  std::vector<std::pair<std::string, std::string>> template_files;
  std::optional<std::string> config_text;
  std::map<std::string, std::string> pack_files;  // as the configuration names them → text
  std::optional<std::string> chooser_config;      // .github/ISSUE_TEMPLATE/config.yml

  bool operator==(const CatalogSources&) const = default;
};

// A built catalog and what building it left out (templates that did not parse), which every job
// triaged with it reports.
struct BuiltCatalog {
  TemplateCatalog catalog;
  std::string skipped;
};

// Thread-safe: workers triage issues of the same repository at once. A catalog is immutable once
// built, so callers share it through the pointer, even after it is evicted or replaced.
class CatalogCache {
 public:
  // Repositories kept; the least recently used goes first. The built-in flagship catalog holds
  // about 0.24 MB with its learned texts (mallinfo2 around builtin_default()), so a full cache of
  // such repositories is under 10 MB.
  static constexpr std::size_t kDefaultCapacity = 32;

  explicit CatalogCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // The catalog built from exactly `sources` for `repository` ("owner/name"), or null.
  std::shared_ptr<const BuiltCatalog> find(const std::string& repository,
                                           const CatalogSources& sources);
  // Whether the sources kept for `repository` had a configuration file; nothing when none are
  // kept. A repository without one is asked for it through its `.github` listing, whose ETag
  // makes an unchanged answer free, rather than a GET answered 404 at every job: a 404 costs a
  // rate-limit unit each time.
  std::optional<bool> had_config(const std::string& repository) const;
  // Keeps `built` for `repository`, replacing what was kept for it.
  void store(const std::string& repository, CatalogSources sources,
             std::shared_ptr<const BuiltCatalog> built);

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;  // not kept, or kept from other sources
    std::size_t repositories = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string repository;
    CatalogSources sources;
    std::shared_ptr<const BuiltCatalog> built;
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first; a few dozen: a linear search is fine
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace issuelint
