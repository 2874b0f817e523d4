#include "bot/catalog_cache.h"

#include <algorithm>

namespace issuelint {

std::shared_ptr<const BuiltCatalog> CatalogCache::find(const std::string& repository,
                                                       const CatalogSources& sources) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& entry) {
    return entry.repository == repository;
  });
  // Compared byte for byte, not by a digest: the sources are a few KB, and a template edited on
  // GitHub must never be answered with the rules of the one before.
  if (found == entries_.end() || found->sources != sources) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  entries_.splice(entries_.begin(), entries_, found);
  return found->built;
}

std::optional<bool> CatalogCache::had_config(const std::string& repository) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& entry) {
    return entry.repository == repository;
  });
  if (found == entries_.end()) return std::nullopt;
  return found->sources.config_text.has_value();
}

void CatalogCache::store(const std::string& repository, CatalogSources sources,
                         std::shared_ptr<const BuiltCatalog> built) {
  if (capacity_ == 0 || built == nullptr) return;
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.remove_if([&](const Entry& entry) { return entry.repository == repository; });
  entries_.push_front(Entry{repository, std::move(sources), std::move(built)});
  if (entries_.size() > capacity_) entries_.pop_back();
}

CatalogCache::Stats CatalogCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return Stats{hits_, misses_, entries_.size()};
}

}  // namespace issuelint
