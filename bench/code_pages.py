#!/usr/bin/env python3
"""Counts the pages of a program's code that one run executes, from a callgrind profile.

On this project's VM a process pays ~1.7 us for the first touch of each page of code, so the
pages a check touches matter as much as its instructions (docs/PERFORMANCE.md, CLI).

Usage:
  valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=OUT PROGRAM ARGS...
  bench/code_pages.py OUT [OBJECT]
OBJECT: the end of the object's path as callgrind names it (default: issuelint). Prints the
4 KB pages touched, the distinct instructions executed in them, and the pages per 256 KB of
address space.
"""
import collections
import sys

from callgrind_profile import Profile


def executed_addresses(path, wanted):
    profile = Profile(path)
    return {address for address, (obj, _) in profile.owner.items() if obj.endswith(wanted)}


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    wanted = sys.argv[2] if len(sys.argv) == 3 else "issuelint"
    addresses = executed_addresses(sys.argv[1], wanted)
    if not addresses:
        raise SystemExit(f"code_pages.py: no executed code of an object ending in '{wanted}'"
                         " (was the profile made with --dump-instr=yes?)")
    pages = collections.Counter(address >> 12 for address in addresses)
    print(f"{wanted}: {len(pages)} code pages touched, {len(addresses)} distinct instructions")
    regions = collections.Counter(page >> 6 for page in pages)
    for region in sorted(regions):
        print(f"  {region << 18:#x}  {regions[region]:3d} pages")


if __name__ == "__main__":
    main()
