#include "rules/nearest_names.h"

#include <algorithm>
#include <cctype>

namespace issuelint {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Levenshtein distance, one row at a time.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t replaced = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, replaced});
    }
  }
  return row[b.size()];
}

// One part held whole by the other: "index-not-concurrent" for "sql-index-not-concurrent".
// Three characters at least, so that "s" or "ql" suggest nothing.
bool holds(const std::string& name, const std::string& wanted) {
  if (std::min(name.size(), wanted.size()) < 3) return false;
  return name.find(wanted) != std::string::npos || wanted.find(name) != std::string::npos;
}

}  // namespace

std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& known) {
  const std::string key = lower(wanted);
  std::vector<std::size_t> distances;
  std::size_t best = std::string::npos;
  for (const std::string& name : known) {
    const std::size_t allowed = std::max<std::size_t>(2, std::max(key.size(), name.size()) / 3);
    // The distance is at least the difference in length: a name that far apart is not computed
    // (a 1 MB key in a configuration took seconds a name, |key| x |name| steps each).
    const std::size_t apart = std::max(key.size(), name.size()) - std::min(key.size(), name.size());
    const std::size_t distance =
        apart > allowed ? std::string::npos : edit_distance(key, lower(name));
    distances.push_back(distance <= allowed ? distance : std::string::npos);
    best = std::min(best, distances.back());
  }
  std::vector<std::string> nearest;
  for (std::size_t i = 0; i < known.size(); ++i) {
    const bool near = best != std::string::npos && distances[i] == best;
    const bool listed = std::find(nearest.begin(), nearest.end(), known[i]) != nearest.end();
    if ((near || holds(lower(known[i]), key)) && !listed) nearest.push_back(known[i]);
  }
  return nearest;
}

std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& known,
                         std::string_view prefix) {
  std::vector<std::string> near = nearest_names(wanted, known);
  if (near.empty()) return "";
  constexpr std::size_t kMostShown = 5;
  const bool cut = near.size() > kMostShown;
  if (cut) near.resize(kMostShown);
  std::string out = near.size() == 1 ? "; did you mean " : "; did you mean one of ";
  for (std::size_t i = 0; i < near.size(); ++i) {
    out += (i == 0 ? "'" : ", '") + std::string(prefix) + near[i] + "'";
  }
  return out + (cut ? ", …?" : "?");
}

}  // namespace issuelint
