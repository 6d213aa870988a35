"""Set-up installs exactly the lock, whatever newer releases the index holds.

A brand-new venv made by the machine's own Python 3.11, with the pip it bundles, installs
a lock of spaCy's `weasel` closure (taken from requirements/test.lock) from a wheel
folder that also holds smart-open 9.0.4, newer than the locked 9.0.2 and required with an
extra (`smart-open[http]`). The bundled pip alone rejects it (pypa/pip#9644);
`requirements/install`, the code path of `./dev setup`, installs it. Only the wheel
folder is used (no index); the wheels are downloaded once into a cache folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ROOT / "requirements"
NEWER = "smart-open==9.0.4"  # released after the lock's 9.0.2; weasel needs smart-open[http]
ROOT_PACKAGE = "weasel"

pytestmark = pytest.mark.slow


def lock_blocks(text: str) -> dict[str, str]:
    """A uv-compiled lock's entries by package name (each with its hashes and 'via')."""
    blocks: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==", block)
        if match:
            blocks[match.group(1).lower()] = block.rstrip("\n")
    return blocks


def dependents(block: str) -> set[str]:
    """The packages a lock entry says need it (`# via x` and the lines under `# via`)."""
    names = set(re.findall(r"#\s+via\s+([A-Za-z0-9_.\-]+)", block))
    names |= set(re.findall(r"^\s+#\s+([A-Za-z0-9_.\-]+)\s*$", block, re.M))
    return {name.lower() for name in names}


def closure_lock(text: str, root: str) -> str:
    """The entries of `root` and of everything it needs, verbatim from a full lock."""
    blocks = lock_blocks(text)
    wanted = {root}
    grew = True
    while grew:
        grew = False
        for name, block in blocks.items():
            if name not in wanted and dependents(block) & wanted:
                wanted.add(name)
                grew = True
    return "".join(blocks[name] + "\n" for name in sorted(wanted))


def test_closure_lock_takes_dependencies_not_dependents() -> None:
    text = (
        "a==1 \\\n    --hash=sha256:aa\n    # via root\n"
        "b==2 \\\n    --hash=sha256:bb\n    # via\n    #   a\n    #   other\n"
        "other==3 \\\n    --hash=sha256:cc\n    # via -r pyproject.toml\n"
        "root==4 \\\n    --hash=sha256:dd\n    # via other\n"
    )
    assert closure_lock(text, "root") == (
        "a==1 \\\n    --hash=sha256:aa\n    # via root\n"
        "b==2 \\\n    --hash=sha256:bb\n    # via\n    #   a\n    #   other\n"
        "root==4 \\\n    --hash=sha256:dd\n    # via other\n"
    )


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without pip's and uv's settings (the machine's pip
    config adds a local wheel folder and constraints), plus `extra`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIP_", "UV_", "VIRTUAL_ENV"))
    }
    for kept in ("PIP_CERT", "PIP_DEFAULT_TIMEOUT"):
        if kept in os.environ:
            env[kept] = os.environ[kept]
    env |= {
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "UV_NO_CONFIG": "1",
    }
    return env | extra


def wheel_folder(lock: str) -> Path:
    """The lock's wheels, uv's and the newer smart-open, downloaded once (skip if offline)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    key = hashlib.sha256((lock + NEWER + (LOCKS / "bootstrap.lock").read_text()).encode())
    folder = cache / "briefings" / "test-wheels" / key.hexdigest()[:16]
    if (folder / ".complete").is_file():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    (partial / "closure.lock").write_text(lock, encoding="utf-8")
    download = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--dest", str(partial)]
    for args in (
        ["--only-binary=:all:", "--require-hashes", "-r", str(partial / "closure.lock")],
        ["--only-binary=:all:", "--require-hashes", "-r", str(LOCKS / "bootstrap.lock")],
        ["--only-binary=:all:", NEWER],
    ):
        done = subprocess.run(
            download + args, env=clean_env(), capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            pytest.skip(f"could not download the test wheels: {done.stderr.strip()[-300:]}")
    (partial / "closure.lock").unlink()
    (partial / ".complete").touch()
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def test_a_fresh_venv_installs_the_lock_whatever_newer_release_the_index_holds(
    tmp_path: Path,
) -> None:
    python = shutil.which("python3.11")
    if python is None:
        pytest.skip("python3.11 is not on PATH")
    lock = closure_lock((LOCKS / "test.lock").read_text(encoding="utf-8"), ROOT_PACKAGE)
    assert "smart-open==9.0.2" in lock and "weasel==" in lock
    wheels = wheel_folder(lock)
    assert (wheels / "smart_open-9.0.4-py3-none-any.whl").is_file()
    (tmp_path / "closure.lock").write_text(lock, encoding="utf-8")
    offline = clean_env(
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheels),
        UV_NO_INDEX="1",
        UV_FIND_LINKS=str(wheels),
        UV_CACHE_DIR=str(tmp_path / "uv-cache"),
    )

    def fresh_venv(name: str) -> Path:
        venv = tmp_path / name
        subprocess.run([python, "-m", "venv", str(venv)], env=offline, check=True)
        return venv

    # The pip the venv bundles, alone: it takes the newest smart-open for the extra.
    bundled = fresh_venv("bundled-pip")
    done = subprocess.run(
        [str(bundled / "bin/python"), "-m", "pip", "install", "--require-hashes"]
        + ["-r", str(tmp_path / "closure.lock")],
        env=offline,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "smart-open[http]" in done.stderr and "9.0.4" in done.stderr, done.stderr

    # Our path: the same pip installs only uv (hash-pinned), uv installs the lock.
    ours = fresh_venv("ours")
    done = subprocess.run(
        [str(LOCKS / "install"), str(ours), str(tmp_path / "closure.lock")],
        env=offline,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    installed = subprocess.run(
        [
            str(ours / "bin/python"),
            "-c",
            "import weasel, smart_open; print(smart_open.__version__)",
        ],
        env=offline,
        capture_output=True,
        text=True,
        check=True,
    )
    assert installed.stdout.strip() == "9.0.2"
    checked = subprocess.run(
        [str(ours / "bin/uv"), "pip", "check", "--python", str(ours / "bin/python")],
        env=offline,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
