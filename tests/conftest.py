"""Fixtures shared by the core, data and CLI tests.

``malformed_csv`` is parametrized over every broken-file case the CSV loader
must explain; the data tests call the loader directly and the CLI tests run
``nnguide fit`` on the same files, so both layers are held to one table.
"""

from __future__ import annotations

import os

# scikit-learn's array-API estimator checks run only when SciPy is imported with this set;
# set it before anything imports SciPy, so those checks run instead of skipping.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass
from pathlib import Path

import pytest  # noqa: E402

from nnguide.data import csvfile  # noqa: E402

GOOD = "a,b,y\n1,2,3\n4,5,6\n7,8,10\n"


@dataclass(frozen=True)
class CsvCase:
    """A broken file, how to use it, and what the error message must say."""

    id: str
    content: bytes | None  # None: the special setup in `make` decides
    expect: tuple[str, ...]  # fragments of the message besides the file name
    target: str = "y"
    features: tuple[str, ...] | None = None
    task: str | None = None

    def cli_args(self, path: Path) -> list[str]:
        args = ["fit", str(path), "--target", self.target]
        if self.features is not None:
            args += ["--features", ",".join(self.features)]
        if self.task is not None:
            args += ["--task", self.task]
        return args


MALFORMED = [
    CsvCase("missing-file", None, ("no such file",)),
    CsvCase("directory", None, ("is a folder",)),
    CsvCase("too-large", None, ("limit is",)),
    CsvCase("empty", b"", ("empty",)),
    CsvCase("only-blank-lines", b"\n  \n\n", ("empty",)),
    CsvCase("header-only", b"a,b,y\n", ("header but no data rows",)),
    CsvCase("missing-feature-column", GOOD.encode(), ("no column 'zz'",), features=("a", "zz")),
    CsvCase("missing-target-column", GOOD.encode(), ("no column 'price'",), target="price"),
    CsvCase(
        "non-numeric-after-blank-line",
        b"a,b,y\n1,2,3\n\n4,x,6\n7,8,9\n",
        ("line 4", "column 'b'", "not a number", "'x'"),
    ),
    CsvCase(
        "non-numeric-crlf",
        b"a,b,y\r\n1,2,3\r\n\r\n\r\n4,5,6\r\n7,oops,9\r\n",
        ("line 6", "column 'b'", "'oops'"),
    ),
    CsvCase("nan-cell", b"a,b,y\n1,2,3\n4,nan,6\n7,8,9\n", ("line 3", "column 'b'", "'nan'")),
    CsvCase("inf-cell", b"a,b,y\n1,2,3\n4,5,6\n-inf,8,9\n", ("line 4", "column 'a'", "'-inf'")),
    CsvCase("empty-cell", b"a,b,y\n1,2,3\n4,,6\n7,8,9\n", ("line 3", "column 'b'", "(empty)")),
    CsvCase(
        "text-target-for-regression",
        b"a,b,y\n1,2,3\n4,5,six\n7,8,9\n",
        ("line 3", "column 'y'", "'six'"),
        task="regression",
    ),
    CsvCase(
        "text-target-of-categories-for-regression",
        b"a,b,y\n1,2,cat\n4,5,dog\n7,8,cat\n",
        ("line 2", "column 'y'", "'cat'", "categories", "--task classification"),
        task="regression",
    ),
    CsvCase(
        # A word in a numeric target is a mistake in the data, not a switch to classification.
        "stray-text-in-numeric-target",
        b"a,b,y\n1,2,3\n4,5,6\n7,8,cheap\n2,3,4\n",
        ("line 4", "column 'y'", "not a number", "'cheap'"),
    ),
    CsvCase(
        "numeric-target-as-classes",
        b"a,b,y\n1,2,3.5\n4,5,6.25\n7,8,9.125\n2,1,4.75\n",
        ("column 'y'", "4 different values in 4 rows", "--task regression"),
        task="classification",
    ),
    CsvCase(
        "empty-class-label",
        b"a,b,y\n1,2,cat\n\n4,5,\n7,8,dog\n2,2,cat\n5,1,dog\n",
        ("line 4", "column 'y'", "empty cell", "every row needs a class"),
    ),
    CsvCase(
        "ragged-short-row",
        b"a,b,y\n1,2,3\n4,5\n7,8,9\n",
        ("line 3", "2 values", "3 columns"),
    ),
    CsvCase(
        "ragged-long-row",
        b"a,b,y\n1,2,3\n4,5,6\n7,8,9,10\n",
        ("line 4", "4 values", "3 columns"),
    ),
    CsvCase(
        "latin-1-encoding",
        "a,b,y\n1,2,3\n4,5,6\ncaf\u00e9,8,9\n".encode("latin-1"),
        ("line 4", "not UTF-8", "0xe9"),
    ),
    CsvCase("nul-bytes", b"a,b,y\n1,2,3\n4,\x005,6\n", ("NUL",)),
    CsvCase("single-data-row", b"a,b,y\n1,2,3\n", ("at least 2 rows", "found 1")),
    CsvCase(
        "constant-feature",
        b"a,b,y\n1,5,3\n2,5,6\n3,5,7\n",
        ("column 'b'", "same value on every row"),
    ),
    CsvCase(
        "two-constant-features",
        b"a,b,c,y\n1,5,0,3\n2,5,0,6\n3,5,0,7\n",
        ("columns 'b' (5) and 'c' (0)", "same value on every row", "--features a"),
    ),
    CsvCase(
        "only-constant-features",
        b"a,b,y\n1,5,3\n1,5,6\n",
        ("columns 'a' (1) and 'b' (5)", "no other feature columns"),
    ),
    CsvCase("duplicate-header", b"a,a,y\n1,2,3\n4,5,6\n", ("line 1", "'a'", "appears twice")),
    CsvCase("blank-header-name", b"a, ,y\n1,2,3\n4,5,6\n", ("line 1", "column 2", "no name")),
    CsvCase(
        "target-also-feature",
        GOOD.encode(),
        ("'y'", "cannot also be a feature"),
        features=("a", "y"),
    ),
    CsvCase("feature-twice", GOOD.encode(), ("listed twice",), features=("a", "a")),
    CsvCase(
        "one-class-only",
        b"a,b,y\n1,2,cat\n4,5,cat\n",
        ("column 'y'", "only one class"),
        task="classification",
    ),
]


def _write_case(case: CsvCase, directory: Path) -> Path:
    path = directory / f"{case.id}.csv"
    if case.id == "directory":
        path.mkdir()
    elif case.id == "too-large":
        # A sparse file: its size is past the limit at no cost; the loader must not read it.
        with path.open("wb") as fh:
            fh.write(GOOD.encode())
            fh.truncate(csvfile.MAX_BYTES + 1)
    elif case.content is not None:
        path.write_bytes(case.content)
    return path


@pytest.fixture(scope="session")
def malformed_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, CsvCase]]:
    """Every broken CSV case written once under pytest's temporary folder, by case id."""
    directory = tmp_path_factory.mktemp("malformed")
    return {case.id: (_write_case(case, directory), case) for case in MALFORMED}


@pytest.fixture(params=MALFORMED, ids=[case.id for case in MALFORMED])
def malformed_csv(
    request: pytest.FixtureRequest, malformed_files: dict[str, tuple[Path, CsvCase]]
) -> tuple[Path, CsvCase]:
    """One broken CSV file (or a missing path, or a folder) and its case."""
    return malformed_files[request.param.id]


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text (UTF-8) or bytes to ``tmp_path/name`` and return the path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser drives Chromium: mark it, so `-m "not browser"` skips it."""
    browser_dir = Path(__file__).parent / "browser"
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a failure hidden: the run fails when any test skipped.

    Set NNGUIDE_ALLOW_SKIPS=1 to allow them on a machine that lacks something the suite needs
    (CI installs everything, so there nothing may skip).
    """
    if _skipped and exitstatus == 0 and os.environ.get("NNGUIDE_ALLOW_SKIPS") != "1":
        print(f"\n{len(_skipped)} test(s) skipped; nothing may skip (NNGUIDE_ALLOW_SKIPS=1):")
        for nodeid in _skipped[:20]:
            print(f"  {nodeid}")
        session.exitstatus = 1
