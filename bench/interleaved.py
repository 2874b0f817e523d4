#!/usr/bin/env python3
"""Times whole processes, the commands taking turns, and prints each one's median and spread.

hyperfine runs all of one command's runs, then all of the next one's: on a shared VM whose
speed drifts over minutes, the later command can come out faster or slower for that alone.
Here every round runs each command once, in a fresh random order, so drift reaches them all
alike and the ratios hold. Wall time from posix_spawn to waitpid; output goes to /dev/null.

Usage: bench/interleaved.py [--rounds N] COMMAND...
  COMMAND is a shell-quoted command line, optionally prefixed by VAR=value settings and '|':
  'build/release/issuelint check --title "[DB] x" draft.md'  or  'MALLOC_ARENA_MAX=1|/bin/true'
"""
import argparse
import os
import random
import shlex
import shutil
import statistics
import time


def parse_command(text):
    environment = dict(os.environ)
    settings, bar, command = text.partition("|")
    # Only VAR=value words make a prefix: a '|' elsewhere (in a title) belongs to the command.
    if not bar or not all("=" in word for word in settings.split()):
        settings, command = "", text
    for setting in settings.split():
        name, _, value = setting.partition("=")
        environment[name] = value
    argv = shlex.split(command)
    program = shutil.which(argv[0])
    if program is None:
        raise SystemExit(f"interleaved.py: no such program: {argv[0]}")
    argv[0] = os.path.abspath(program)
    return argv, environment


def run_once(argv, environment, null):
    started = time.perf_counter_ns()
    child = os.posix_spawn(argv[0], argv, environment,
                           file_actions=[(os.POSIX_SPAWN_DUP2, null, 1),
                                         (os.POSIX_SPAWN_DUP2, null, 2)])
    os.waitpid(child, 0)
    return (time.perf_counter_ns() - started) / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("commands", nargs="+")
    options = parser.parse_args()
    commands = [(text, *parse_command(text)) for text in options.commands]
    null = os.open(os.devnull, os.O_WRONLY)
    times = {text: [] for text, _, _ in commands}
    for round_number in range(options.warmup + options.rounds):
        for text, argv, environment in random.sample(commands, len(commands)):
            elapsed = run_once(argv, environment, null)
            if round_number >= options.warmup:
                times[text].append(elapsed)
    print(f"{options.rounds} rounds, wall ms:   median      p10      p90     mean")
    for text, _, _ in commands:
        sample = sorted(times[text])
        decile = len(sample) // 10
        print(f"{statistics.median(sample):26.2f} {sample[decile]:8.2f} "
              f"{sample[-decile - 1]:8.2f} {statistics.mean(sample):8.2f}  {text}")


if __name__ == "__main__":
    main()
