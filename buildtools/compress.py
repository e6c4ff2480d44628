"""Precompressed variants of a built site: NAME.br and NAME.gz beside each compressible file over 1 KB."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

from .paths import CACHE
from .shell import files_under, run

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".zip", ".whl", ".txt"}

# brotli through Node's zlib, which has it built in (the Python standard library has no brotli)
_BROTLI = (
    "const fs=require('fs'),z=require('zlib');"
    "for(const [src,dst] of JSON.parse(fs.readFileSync(0,'utf8'))){const d=fs.readFileSync(src);"
    "fs.writeFileSync(dst,z.brotliCompressSync(d,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,"
    "[z.constants.BROTLI_PARAM_LGWIN]:24,[z.constants.BROTLI_PARAM_SIZE_HINT]:d.length}}));}"
)


def compressible(folder: Path) -> list[Path]:
    return [p for p in files_under(folder) if p.suffix in COMPRESSIBLE and p.stat().st_size > 1024]


def compress_tree(folder: Path) -> None:
    """Precompress with brotli and gzip, for `serve` and static hosts. Brotli at quality 11 takes half a minute on
    the runtime, so results are cached by content hash in .cache/."""
    store = CACHE / "precompressed"
    store.mkdir(parents=True, exist_ok=True)
    todo = []
    for path in compressible(folder):
        key = hashlib.sha256(path.read_bytes()).hexdigest()
        if not all((store / (key + suffix)).exists() for suffix in (".br", ".gz")):
            todo.append((path, key))
    if todo:
        for path, key in todo:
            (store / (key + ".gz")).write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
        pairs = [[str(path), str(store / (key + ".br"))] for path, key in todo]
        run(["node", "-e", _BROTLI], input=json.dumps(pairs).encode())
    for path in compressible(folder):
        key = hashlib.sha256(path.read_bytes()).hexdigest()
        for suffix in (".br", ".gz"):
            shutil.copyfile(store / (key + suffix), path.with_name(path.name + suffix))
