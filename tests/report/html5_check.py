"""Parses each HTML file given with html5lib in strict mode: any HTML5 parse error fails.

Usage: /usr/bin/python3 html5_check.py FILE.html [...]   (Debian python3-html5lib)
"""
import sys

import html5lib

parser = html5lib.HTMLParser(strict=True)
status = 0
for path in sys.argv[1:]:
    try:
        with open(path, "rb") as f:
            parser.parse(f.read())
        print(f"{path}: valid HTML5")
    except html5lib.html5parser.ParseError as error:
        print(f"{path}: {error} (errors: {parser.errors[:3]})", file=sys.stderr)
        status = 1
sys.exit(status)
