#!/usr/bin/env python3
"""Holds the layout of `issuelint`'s code that bot/cli/prefault.cpp relies on.

lld links the functions bot/cli/check_code.order names first, between two markers, and a check
maps only the code between them ahead (CMakeLists.txt). Asserted on the linked program's symbol
table: the first marker leads the code, the listed functions lie between the markers, that
span is a fraction of the code, and the list still names the program's functions (a list gone
stale would leave the check's code spread out again, with nothing else failing).

Usage: check_code_layout.py ISSUELINT ORDER_FILE
"""
import subprocess
import sys

BEGIN, END = "issuelint_check_code_begin", "issuelint_check_code_end"


def text_symbols(program):
    """name -> addresses of the program's function symbols, and the .text section's bounds."""
    symbols = {}
    listing = subprocess.run(["nm", "--defined-only", program], check=True,
                             capture_output=True, text=True).stdout
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tTwW":
            symbols.setdefault(fields[2], []).append(int(fields[0], 16))
    sections = subprocess.run(["readelf", "-SW", program], check=True,
                              capture_output=True, text=True).stdout
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == ".text":
            begin, size = int(fields[3], 16), int(fields[5], 16)
            return symbols, (begin, begin + size)
    raise SystemExit(f"{program}: no .text section")


def main():
    program, order_file = sys.argv[1], sys.argv[2]
    listed = [line.strip() for line in open(order_file)
              if line.strip() and not line.startswith("#")]
    symbols, (text_begin, text_end) = text_symbols(program)
    failures = []
    if listed[0] != BEGIN or listed[-1] != END:
        failures.append(f"{order_file} must start with {BEGIN} and end with {END}")
    if BEGIN not in symbols or END not in symbols:
        raise SystemExit(f"FAIL: {program} lacks the markers {BEGIN} / {END}")
    begin, end = symbols[BEGIN][0], symbols[END][0]
    if begin != text_begin:
        failures.append(f"{BEGIN} at {begin:#x}, not at the start of .text ({text_begin:#x}):"
                        " the order file was not applied")
    found = [name for name in listed[1:-1] if name in symbols]
    outside = [name for name in found
               if not any(begin <= address < end for address in symbols[name])]
    share_found = len(found) / max(1, len(listed) - 2)
    share_inside = 1 - len(outside) / max(1, len(found))
    share_of_code = (end - begin) / (text_end - text_begin)
    print(f"{len(found)} of {len(listed) - 2} listed functions are in the program "
          f"({share_found:.0%}); {share_inside:.1%} of them lie between the markers, which "
          f"span {end - begin} bytes, {share_of_code:.0%} of the code")
    if share_found < 0.8:
        failures.append("the order file names too few of the program's functions: run "
                        "scripts/order-check-code")
    if share_inside < 0.95:
        failures.append(f"listed functions outside the markers, e.g. {outside[:3]}")
    if share_of_code > 0.75:
        failures.append("the code between the markers is most of the program's code")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
