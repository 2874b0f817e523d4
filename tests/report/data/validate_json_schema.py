#!/usr/bin/env python3
"""Validate a JSON document against a draft-04 JSON schema; print each error, exit 1 if any.

Usage: validate_json_schema.py SCHEMA INSTANCE
Exit 3 when the jsonschema module is missing, so the caller can say what to install.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3 module jsonschema is missing (Debian: python3-jsonschema)", file=sys.stderr)
    sys.exit(3)


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        instance = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    for error in errors:
        path = "/".join(str(p) for p in error.absolute_path)
        print(f"{path}: {error.message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
