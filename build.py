#!/usr/bin/env python3
"""backprop-lab's single entry point.

    python3 build.py            build dist/ (pages, Pyodide runtime, micropip, the engine wheel, prerendered widgets)
    python3 build.py serve      build when needed, then serve dist/ on http://127.0.0.1:8000/  (--port N)
    python3 build.py test       install what the tests need into .venv (and Debian's chromium), build, then run
                                pytest (arguments after `test` go to it) and the JS unit tests (node --test tests/js/)
    python3 build.py listings   run the lesson's code listings and record what they print (web/listings/*.out)
    python3 build.py prerender INPUT.html OUTPUT.html [--site URL]
                                any page's bp-* elements filled with their first frames (python3 build.py prerender
                                --help says more; exit status 0 all filled, 1 some left as they were, 2 nothing written)

The work is done by the modules of buildtools/ (its __init__ lists them). Standard library only, so a fresh machine
with python3, node and npm needs nothing else to start.
"""

from __future__ import annotations

import argparse
import sys

from buildtools import listings, prerender_command, serve, site, testenv
from buildtools.paths import DIST


def command_build(force: bool) -> int:
    site.build(DIST, force=force)
    return 0


def command_serve(port: int) -> int:
    serve.serve_forever(port, site.build(DIST))
    return 0


def command_test(pytest_args: list[str]) -> int:
    testenv.ensure_test_environment()
    site.build(DIST)
    return testenv.run_all(pytest_args)


def command_listings() -> int:
    testenv.ensure_test_environment()
    listings.record_outputs(testenv.venv_python())
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["prerender"]:  # its own arguments: build.py prerender --help
        return prerender_command.main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="build", choices=["build", "serve", "test", "listings", "prerender"])
    parser.add_argument("--port", type=int, default=8000, help="port for serve (default 8000)")
    parser.add_argument("--force", action="store_true", help="rebuild dist/ even when nothing changed")
    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "build":
        return command_build(args.force)
    if args.command == "serve":
        return command_serve(args.port)
    if args.command == "listings":
        return command_listings()
    return command_test(rest)


if __name__ == "__main__":
    sys.exit(main())
