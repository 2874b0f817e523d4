// CatalogCache on its own: what it answers for the same, changed and other sources, and which
// repository it lets go when full.
#include "bot/catalog_cache.h"

#include <catch2/catch.hpp>

using namespace issuelint;

namespace {

std::shared_ptr<const BuiltCatalog> built_default(const std::string& skipped = "") {
  auto catalog = TemplateCatalog::builtin_default();
  REQUIRE(catalog);
  return std::make_shared<const BuiltCatalog>(BuiltCatalog{std::move(*catalog), skipped});
}

CatalogSources sources(const std::string& template_text,
                       std::optional<std::string> config = std::nullopt) {
  return CatalogSources{
      {{".github/ISSUE_TEMPLATE/db.md", template_text}}, std::move(config), {}, {}};
}

}  // namespace

TEST_CASE("a kept catalog is found for byte-identical sources only") {
  CatalogCache cache;
  CHECK(cache.find("acme/app", sources("## A\n")) == nullptr);
  const auto built = built_default("bug.yml: bad");
  cache.store("acme/app", sources("## A\n"), built);

  CHECK(cache.find("acme/app", sources("## A\n")) == built);
  CHECK(cache.find("acme/app", sources("## A\n"))->skipped == "bug.yml: bad");
  CHECK(cache.find("acme/app", sources("## A \n")) == nullptr);     // one byte more
  CHECK(cache.find("acme/app", sources("## A\n", "")) == nullptr);  // an empty config
  CHECK(cache.find("acme/app", sources("## A\n", "rules: {}\n")) == nullptr);
  CHECK(cache.find("acme/other", sources("## A\n")) == nullptr);  // another repository
  CatalogSources renamed{{{".github/ISSUE_TEMPLATE/db2.md", "## A\n"}}, std::nullopt, {}, {}};
  CHECK(cache.find("acme/app", renamed) == nullptr);  // same text, new path

  const CatalogCache::Stats stats = cache.stats();
  CHECK(stats.hits == 2);
  CHECK(stats.misses == 6);
  CHECK(stats.repositories == 1);
}

TEST_CASE("storing for a repository replaces what was kept for it") {
  CatalogCache cache;
  const auto first = built_default();
  const auto second = built_default();
  cache.store("acme/app", sources("## A\n"), first);
  cache.store("acme/app", sources("## B\n"), second);
  CHECK(cache.find("acme/app", sources("## A\n")) == nullptr);
  CHECK(cache.find("acme/app", sources("## B\n")) == second);
  CHECK(cache.stats().repositories == 1);
}

TEST_CASE("a full cache lets the least recently used repository go") {
  CatalogCache cache(2);
  const auto a = built_default();
  const auto b = built_default();
  const auto c = built_default();
  cache.store("o/a", sources("a"), a);
  cache.store("o/b", sources("b"), b);
  REQUIRE(cache.find("o/a", sources("a")) == a);  // a is now the most recently used
  cache.store("o/c", sources("c"), c);
  CHECK(cache.find("o/b", sources("b")) == nullptr);
  CHECK(cache.find("o/a", sources("a")) == a);
  CHECK(cache.find("o/c", sources("c")) == c);
  CHECK(cache.stats().repositories == 2);
  // A catalog in use outlives its eviction: the pointer shares it.
  const std::shared_ptr<const BuiltCatalog> held = cache.find("o/a", sources("a"));
  cache.store("o/d", sources("d"), built_default());
  cache.store("o/e", sources("e"), built_default());
  CHECK(cache.find("o/a", sources("a")) == nullptr);
  CHECK_FALSE(held->catalog.entries().empty());
}

TEST_CASE("the cache says whether a repository's kept sources had a configuration") {
  CatalogCache cache;
  CHECK_FALSE(cache.had_config("acme/app").has_value());
  cache.store("acme/app", sources("## A\n"), built_default());
  CHECK(cache.had_config("acme/app") == false);
  cache.store("acme/app", sources("## A\n", ""), built_default());  // an empty file is a file
  CHECK(cache.had_config("acme/app") == true);
  CHECK_FALSE(cache.had_config("acme/other").has_value());
}

TEST_CASE("a cache of no repositories keeps nothing") {
  CatalogCache cache(0);
  cache.store("o/a", sources("a"), built_default());
  CHECK(cache.find("o/a", sources("a")) == nullptr);
  CHECK(cache.stats().repositories == 0);
}
