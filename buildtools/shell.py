"""Running commands, hashing files, and the build's messages."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from .paths import ROOT


class BuildError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"build.py: {message}")


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, check=True, **kwargs)
    except FileNotFoundError:
        raise BuildError(f"{command[0]} is not installed; it is needed to run: {' '.join(command)}") from None
    except subprocess.CalledProcessError as error:
        detail = f":\n{error.stderr.decode(errors='replace').strip()}" if isinstance(error.stderr, bytes) else ""
        raise BuildError(f"command failed ({error.returncode}): {' '.join(command)}{detail}") from None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digest_of(paths: list[Path], base: Path = ROOT) -> str:
    """One hash of the files' names (relative to `base`) and contents."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(base)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
