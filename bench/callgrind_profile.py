"""Reads a callgrind profile made with --dump-instr=yes (and the default --dump-line=yes): how
many times each instruction ran, which object and function it belongs to, and how many calls
each function received. Shared by bench/code_pages.py, bench/code_footprint.py and
bench/cache_sim.py, with the runs they make and the test of which functions are ours."""
import collections
import re


# (label, work function, benchmark) as bench/lint_bench.cpp names them.
RUNS = [
    ("(a) md4c alone, flagship", "md4c_alone", "BM_a_md4c_flagship"),
    ("(b) libpg_query alone, flagship", "pg_query_alone", "BM_b_pg_query_flagship"),
    ("(c) check, flagship", "check_without_output", "BM_c_check_flagship"),
    ("(a) md4c alone, fixtures", "md4c_alone", "BM_a_md4c_fixtures"),
    ("(b) libpg_query alone, fixtures", "pg_query_alone", "BM_b_pg_query_fixtures"),
    ("(c) check, fixtures", "check_without_output", "BM_c_check_fixtures"),
]

# Functions of the benchmark binary that are ours (C++) rather than libpg_query's (C).
OURS = re.compile(r"issuelint::|std::|\(anonymous namespace\)|operator (new|delete)|__gnu_cxx")


class Profile:
    def __init__(self, path):
        self.runs = collections.Counter()  # instruction address -> times it ran
        self.owner = {}                    # instruction address -> (object path, function)
        self.calls = collections.Counter()  # function -> calls it received
        self._read(path)

    def _read(self, path):
        names = {"ob": {}, "fn": {}}
        current = {"ob": None, "fn": None}
        callee = None
        address = 0
        after_call = False
        for raw in open(path):
            line = raw.rstrip("\n")
            # ob=/fn= name the object and function of the cost lines that follow; cob=/cfn= a
            # call's target. An id is given with its name once, then alone.
            match = re.match(r"(c?)(ob|fn)=\((\d+)\)(?: (.*))?$", line)
            if match:
                called, kind, number, name = match.groups()
                if name:
                    names[kind][number] = name
                if not called:
                    current[kind] = names[kind].get(number)
                elif kind == "fn":
                    callee = names[kind].get(number)
                continue
            if line.startswith("calls="):
                after_call = True
                if callee is not None:
                    self.calls[callee] += int(line[6:].split()[0])
                continue
            # A cost line: address (absolute, relative to the last, or '*' for the same), line
            # number, then the Ir count.
            match = re.match(r"(0x[0-9a-f]+|[+-]\d+|\*)\s+\S+\s+(\d+)", line)
            if not match:
                continue
            position, cost = match.groups()
            if position.startswith("0x"):
                address = int(position, 16)
            elif position != "*":
                address += int(position)
            self.owner[address] = (current["ob"] or "?", current["fn"] or "?")
            # After calls= the cost is the callee's, inclusive: the call instruction's own runs
            # are on a cost line of their own.
            if not after_call:
                self.runs[address] += int(cost)
            after_call = False

    def calls_to(self, text):
        """Calls received by the functions whose name contains `text`."""
        return sum(count for function, count in self.calls.items() if text in function)
