"""The build behind build.py, one module per job:

    paths        where things are (the repository's folders; dist/ is only the default, every function takes it)
    shell        running commands, hashing files, the build's messages and its one error type
    downloads    pinned inputs: npm ci from package-lock.json, PyPI wheels checked against their sha256
    registry     web/js/registry.js read through Node: the widgets, their engine functions and previews
    listings     the lesson's code listings and their recorded output
    runtime      dist/pyodide and dist/wheels: Pyodide's files, the lock, the engine wheel, bytecode
    notebook     dist/notebook/: the wheel for notebooks (anywidget classes, the site's modules as files)
    templates    the pages' {{ ... }} placeholders (the language is documented there)
    engine_source  the engine's own code for a page's {{ source ... }} (the file the wheel packs)
    authors      what the authors' page generates: the theming doc and one article per widget
    prerender    every widget's first frame and every prose number, drawn by the widgets' own JS under Node
    versions     dist/v/VERSION/: every file a widget loads, under a hash of those files (the copied embed code's)
    compress     brotli and gzip variants, cached by content hash
    site         the whole build of dist/, skipped when its inputs have not changed
    serve        the HTTP server for dist/
    testenv      .venv, Debian's chromium, and the test runners

prerender.mjs and compile-bytecode.mjs are the Node halves of prerender and runtime; they run at build time only.
Standard library only, so a fresh machine with python3, node and npm needs nothing else to start.
"""
