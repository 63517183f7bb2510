"""Another distribution that claims the generic top-level names ``agents`` and ``sim``.

Built as a wheel here and installed with pip into a directory of its own (``pip install
--target``), as a user's environment would hold it beside this project.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

NAME, VERSION = "other_agents", "1.0"
#: The modules it installs and what each says it is.
MODULES = {name: f"WHOSE = 'the other distribution: {name}'\n" for name in ("agents", "sim")}


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(directory: Path) -> Path:
    """The wheel of the other distribution, written into ``directory``."""
    info = f"{NAME}-{VERSION}.dist-info"
    files = {f"{module}/__init__.py": text.encode() for module, text in MODULES.items()}
    metadata = f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
    files[f"{info}/METADATA"] = metadata.encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = [_record_line(path, data) for path, data in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = directory / f"{NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel


def install_other_distribution(directory: Path) -> Path:
    """Install the other distribution into ``directory``/site with pip; return that directory."""
    site = directory / "site"
    wheel = build_wheel(directory)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (site / f"{NAME}-{VERSION}.dist-info").is_dir()
    return site
