"""Precompressed variants of a built site: NAME.br and NAME.gz beside each compressible file over 1 KB."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from pathlib import Path

from .paths import CACHE
from .shell import files_under, run

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".zip", ".whl", ".txt", ".py"}
STORE = CACHE / "precompressed"

# brotli through Node's zlib, which has it built in (the Python standard library has no brotli)
_BROTLI = (
    "const fs=require('fs'),z=require('zlib');"
    "for(const [src,dst] of JSON.parse(fs.readFileSync(0,'utf8'))){const d=fs.readFileSync(src);"
    "fs.writeFileSync(dst,z.brotliCompressSync(d,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,"
    "[z.constants.BROTLI_PARAM_LGWIN]:24,[z.constants.BROTLI_PARAM_SIZE_HINT]:d.length}}));}"
)


def is_compressible(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.stat().st_size > 1024


def compressible(folder: Path) -> list[Path]:
    return [p for p in files_under(folder) if is_compressible(p)]


def cached_variants(paths: list[Path]) -> dict[Path, str]:
    """Each path's content hash, with its .br and .gz made in .cache/ when they are not there yet. Brotli at quality
    11 takes half a minute on the runtime, so results are cached by content hash."""
    STORE.mkdir(parents=True, exist_ok=True)
    keys = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    todo = [(path, key) for path, key in keys.items()
            if not all((STORE / (key + suffix)).exists() for suffix in (".br", ".gz"))]
    if todo:
        for path, key in todo:
            (STORE / (key + ".gz")).write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
        pairs = [[str(path), str(STORE / (key + ".br"))] for path, key in todo]
        run(["node", "-e", _BROTLI], input=json.dumps(pairs).encode())
    return keys


def transfer_size(paths: list[Path]) -> int:
    """Bytes a browser that accepts brotli downloads for these files from `serve` (or a host serving the variants):
    the brotli variant of each compressible file, the file itself otherwise."""
    keys = cached_variants([p for p in paths if is_compressible(p)])
    return sum((STORE / (keys[p] + ".br")).stat().st_size if p in keys else p.stat().st_size for p in paths)


def compress_tree(folder: Path) -> None:
    """Precompress with brotli and gzip, for `serve` and static hosts. Files that are hard links of one another
    (the versioned embed's runtime, buildtools/versions.py) get hard-linked variants too: one copy on disk."""
    done: dict[tuple[int, int], Path] = {}
    for path, key in cached_variants(compressible(folder)).items():
        inode = (path.stat().st_dev, path.stat().st_ino)
        for suffix in (".br", ".gz"):
            variant = path.with_name(path.name + suffix)
            variant.unlink(missing_ok=True)  # never written through: it may be a link
            if inode in done:
                os.link(done[inode].with_name(done[inode].name + suffix), variant)
            else:
                shutil.copyfile(STORE / (key + suffix), variant)
        done.setdefault(inode, path)
