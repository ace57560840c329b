"""The inputs that once ended in a traceback, a NaN or a hang (issue 15): each is now one line
on stderr and a non-zero exit, and nothing non-finite is ever printed, in text or JSON.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest


def _strict_json(text: str):
    def refuse(name: str):
        raise AssertionError(f"{name} in the output")

    return json.loads(text, parse_constant=refuse)


# --- extreme but finite data ---------------------------------------------------------------

EXTREME = {
    "e308-target.csv": ("x,price\n1,1.7e308\n2,1.6e308\n3,1.5e308\n", "column 'price'", "1.7e+308"),
    "e308-feature.csv": ("x,price\n1e308,1\n1.5e308,2\n1.7e308,3\n", "column 'x'", "1e+308"),
    "subnormal-feature.csv": ("x,price\n5e-324,1\n1e-323,2\n1.5e-323,3\n", "column 'x'", "5e-324"),
}


@pytest.mark.parametrize("name", list(EXTREME))
@pytest.mark.parametrize("extra", [[], ["--json"], ["--save", "m.json"], ["--solver", "gd"]])
def test_values_beyond_float64_arithmetic(run, one_line_error, tmp_path, name, extra):
    content, column, value = EXTREME[name]
    (tmp_path / name).write_text(content)
    proc = run("fit", name, "--target", "price", *extra, cwd=tmp_path)
    line = one_line_error(proc, f"{name}, line 2: {column} has the value {value}", "rescale")
    assert "LAPACK" not in line and "SVD" not in line
    assert not (tmp_path / "m.json").exists()


# --- divergence ----------------------------------------------------------------------------

DIVERGING = [
    ["houses-3", "--solver", "gd", "--lr", "1e300", "--no-standardize", "--batch-size", "1"],
    ["houses-10", "--solver", "gd", "--lr", "1e300", "--no-standardize", "--batch-size", "1"],
    ["portland", "--solver", "gd", "--lr", "1e300", "--no-standardize", "--batch-size", "1"],
    ["houses-labelled", "--solver", "gd", "--lr", "1.7e308", "--batch-size", "1"],
    ["digits", "--lr", "1.7e308"],
    ["houses-3", "--solver", "gd", "--lr", "1e300", "--no-standardize"],
]


@pytest.mark.parametrize("args", DIVERGING, ids=lambda a: " ".join(a))
def test_divergence_with_json_is_strict_json_and_exit_1(prefetch, one_line_error, args):
    prefetch.start(["fit", *a, "--json"] for a in DIVERGING)
    proc = prefetch.get(["fit", *args, "--json"])
    one_line_error(proc, "training diverged", "--allow-diverged", stdout=None)
    report = _strict_json(proc.stdout)
    assert report["format"] == "nnguide-fit/1" and report["diverged"] is True
    assert "RuntimeWarning" not in proc.stderr


@pytest.mark.parametrize("args", DIVERGING[:1] + DIVERGING[3:4], ids=lambda a: a[0])
def test_divergence_in_text_prints_no_nan(prefetch, one_line_error, args):
    prefetch.start(["fit", *a] for a in DIVERGING[:1] + DIVERGING[3:4])
    proc = prefetch.get(["fit", *args])
    one_line_error(proc, "training diverged", stdout=None)  # also: no "nan"/"inf" on stdout
    assert "warning: training diverged" in proc.stdout


def test_a_diverged_fit_saves_only_when_allowed(run, one_line_error, tmp_path):
    args = ["fit", "houses-3", "--solver", "gd", "--no-standardize", "--lr", "1e-6"]
    one_line_error(
        run(*args, "--save", "m.json", cwd=tmp_path), "the model was not saved", stdout=None
    )
    assert not (tmp_path / "m.json").exists()
    proc = run(*args, "--save", "m.json", "--allow-diverged", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads((tmp_path / "m.json").read_text())["format"] == "nnguide-model"


# --- predict -------------------------------------------------------------------------------

V01_MODEL = {  # as nnguide 0.1 wrote it
    "format": "nnguide-model",
    "version": 1,
    "task": "classification",
    "features": ["a"],
    "target": "y",
    "classes": ["lo", "hi"],
    "loss": "cross-entropy",
    "weights": [[-1.0, 1.0]],
    "bias": [0.5, -0.5],
}


def _model_file(directory: Path, name: str, **changes) -> Path:
    path = directory / name
    path.write_text(json.dumps({**V01_MODEL, **changes}))
    return path


@pytest.fixture
def data_csv(tmp_path: Path) -> Path:
    path = tmp_path / "d.csv"
    path.write_text("a\n-1\n2\n")
    return path


def test_a_model_file_from_0_1_still_loads(run_json, tmp_path, data_csv):
    model = _model_file(tmp_path, "m.json")
    answer = run_json("predict", model, data_csv)
    assert answer["format"] == "nnguide-predict/1"
    assert answer["predictions"] == ["lo", "hi"] and answer["classes"] == ["lo", "hi"]


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
@pytest.mark.parametrize("task", ["classification", "regression"])
def test_weights_that_overflow_on_the_data(
    run, one_line_error, tmp_path, data_csv, json_flag, task
):
    changes = {"weights": [[1e308, -1e308]]}
    if task == "regression":
        changes = {"task": "regression", "classes": None, "weights": [[1e308]], "bias": [0.0]}
    model = _model_file(tmp_path, "m.json", **changes)
    one_line_error(
        run("predict", model, data_csv, *json_flag),
        "the model's outputs overflow float64",
        "d.csv, line 3",  # 2 × 1e308 overflows; -1 × 1e308 does not
    )


BAD_MODELS = {
    "bias-400-digits": ({"bias": [int("9" * 400), 0]}, "'bias' has a number too large for float64"),
    "version-true": ({"version": True}, "version true is not supported"),
    "version-text": ({"version": "1"}, 'version "1" is not supported'),
    "text-weights": ({"weights": [["1", "2"]]}, "'weights' must be numbers"),
    "boolean-bias": ({"bias": [True, False]}, "'bias' must be numbers"),
    "duplicate-classes": ({"classes": ["lo", "lo"]}, "'classes' names 'lo' twice"),
    "duplicate-features": (
        {"features": ["a", "a"], "weights": [[1.0, 0.0], [0.0, 1.0]]},
        "'features' names 'a' twice",
    ),
}


@pytest.mark.parametrize("case", list(BAD_MODELS))
def test_model_files_that_are_refused(run, one_line_error, tmp_path, data_csv, case):
    changes, fragment = BAD_MODELS[case]
    model = _model_file(tmp_path, "m.json", **changes)
    one_line_error(run("predict", model, data_csv), str(model), fragment)


def test_model_files_that_cannot_be_read(run, one_line_error, tmp_path, data_csv):
    folder = tmp_path / "folder.json"
    folder.mkdir()
    one_line_error(run("predict", folder, data_csv), "folder.json: not a model file")
    if Path("/proc/self/mem").exists():  # a file whose read fails (EIO), even for root
        one_line_error(
            run("predict", "/proc/self/mem", data_csv), "/proc/self/mem: cannot read the model file"
        )


def test_a_model_file_without_permission(tmp_path, data_csv):
    """PermissionError as an unprivileged user (as root, run the command as 'nobody')."""
    model = _model_file(tmp_path, "m.json")
    model.chmod(0)
    proc = _run_unprivileged(["predict", str(model), str(data_csv)], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == (
        f"nnguide: error: {model}: cannot read the model file (Permission denied)"
    )


def _drop_root_file_powers() -> None:
    """In the child: without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, root obeys file modes."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _run_unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run nnguide so that file permissions apply, even when the tests run as root."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "nnguide", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ, PYTHONIOENCODING="utf-8"),
            cwd=cwd,
            preexec_fn=_drop_root_file_powers if os.geteuid() == 0 else None,
        )
    except subprocess.SubprocessError as err:  # pragma: no cover - a container without SETPCAP
        pytest.skip(f"cannot drop root's file permissions here: {err}")


# --- --save targets, checked before anything is loaded or trained --------------------------


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("existing-folder", "existing-folder: is a folder; give a file name"),
        ("/proc/m.json", "/proc/m.json: cannot write in the folder /proc"),
        ("a" * 300 + ".json", "the file name is 305 bytes long; the limit is 255"),
        ("no/such/folder/m.json", "the folder no/such/folder does not exist"),
        ("/dev/null", "/dev/null: exists and is not a regular file"),
    ],
    ids=["folder", "proc", "long-name", "missing-folder", "device"],
)
def test_save_targets_are_checked_before_the_data(run, one_line_error, tmp_path, target, fragment):
    (tmp_path / "existing-folder").mkdir()
    # The data does not exist: an error about the target proves it was checked first.
    proc = run("fit", "missing.csv", "--target", "y", "--save", target, cwd=tmp_path)
    one_line_error(proc, fragment)
    proc = run("fit", "houses-3", "--save", target, cwd=tmp_path)
    one_line_error(proc, fragment)


def test_save_into_a_read_only_folder(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    proc = _run_unprivileged(["fit", "missing.csv", "--save", str(folder / "m.json")], tmp_path)
    folder.chmod(0o755)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == (
        f"nnguide: error: {folder / 'm.json'}: cannot write in the folder {folder} "
        "(Permission denied)"
    )
    assert list(folder.iterdir()) == []


# --- softmax -------------------------------------------------------------------------------


@pytest.mark.parametrize("decimals", ["100000000000", "1000000000", "21", "-1"])
def test_softmax_decimals_are_bounded(run, decimals):
    proc = run("softmax", "1", "2", "--decimals", decimals)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("nnguide softmax: error: argument --decimals: ")
    assert "between 0 and 20" in lines[0] or "must not be negative" in lines[0]


def test_softmax_at_the_decimal_limit(run):
    proc = run("softmax", "0", "0", "--decimals", "20")
    assert proc.returncode == 0
    assert proc.stdout == "0.50000000000000000000 0.50000000000000000000\n"


# --- files that are not files --------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_at_once(run, one_line_error, device):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    one_line_error(run("fit", device, "--target", "y"), f"{device}: a device, not a CSV file")


def test_a_fifo_is_refused_without_blocking(run, one_line_error, tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    one_line_error(run("fit", tmp_path / "pipe.csv", "--target", "y"), "pipe.csv: a pipe")


# --- MNIST ---------------------------------------------------------------------------------


def _idx(magic: int, dims: tuple[int, ...], data: bytes = b"") -> bytes:
    return struct.pack(">HBB", 0, 0x08, magic & 0xFF) + struct.pack(f">{len(dims)}I", *dims) + data


def test_mnist_idx_header_that_overflows(run, one_line_error, tmp_path):
    folder = tmp_path / "mnist"
    folder.mkdir()
    small = _idx(0x0803, (1, 28, 28), bytes(784))
    labels = _idx(0x0801, (1,), b"\x01")
    (folder / "train-images-idx3-ubyte").write_bytes(_idx(0x0803, (2**31, 2**31, 4)))
    (folder / "train-labels-idx1-ubyte").write_bytes(labels)
    (folder / "t10k-images-idx3-ubyte").write_bytes(small)
    (folder / "t10k-labels-idx1-ubyte").write_bytes(labels)
    one_line_error(
        run("fit", "mnist", "--mnist", folder, "--steps", "1"),
        "train-images-idx3-ubyte: the header declares shape (2147483648, 2147483648, 4)",
    )


def test_mnist_npz_declaring_a_huge_array(run, one_line_error, tmp_path):
    import io
    import zipfile

    def header(shape):
        buffer = io.BytesIO()
        np.lib.format.write_array_header_1_0(
            buffer, {"descr": "|u1", "fortran_order": False, "shape": shape}
        )
        return b"\x93NUMPY\x01\x00" + buffer.getvalue()[8:]

    path = tmp_path / "mnist.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x_train.npy", header((2**40, 28, 28)))
        for key in ("y_train", "x_test", "y_test"):
            zf.writestr(f"{key}.npy", header((1,)) + b"\x01")
    assert path.stat().st_size < 1000
    one_line_error(
        run("fit", "mnist", "--mnist", path, "--steps", "1"),
        "mnist.npz: x_train declares shape (1099511627776, 28, 28)",
    )


# --- Ctrl-C and warnings -------------------------------------------------------------------


@pytest.mark.parametrize("module", ["numpy", "nnguide.data", "nnguide.core"])
def test_ctrl_c_while_the_command_starts(module):
    """SIGINT arrives while ``module`` is being imported by the console script's code."""
    code = (
        "import os, signal, sys\n"
        "sent = []\n"
        "def hook(event, args):\n"
        f"    if event == 'import' and args[0] == {module!r} and not sent:\n"
        "        sent.append(1)\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "sys.addaudithook(hook)\n"
        "from nnguide.cli import main\n"  # what the installed `nnguide` script runs
        "sys.exit(main(['fit', 'houses-3']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (130, "", "nnguide: stopped\n")


# --- output on terminals that cannot show Unicode ------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
    ids=["ascii", "latin-1", "C-locale"],
)
def test_output_falls_back_to_ascii(env, tmp_path):
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    encoding = "latin-1" if env.get("PYTHONIOENCODING") == "latin-1" else "ascii"

    def run(*args):
        proc = subprocess.run(
            [sys.executable, "-m", "nnguide", *map(str, args)],
            capture_output=True,
            timeout=120,
            env=base | env,
            cwd=tmp_path,
        )
        assert b"Traceback" not in proc.stderr
        # Strict decoding: every byte is in the terminal's encoding.
        return proc.returncode, proc.stdout.decode(encoding), proc.stderr.decode(encoding)

    code, out, err = run("fit", "houses-10")
    assert (code, err) == (0, "")
    assert "regression on houses-10: area, bathrooms -> price" in out
    code, out, err = run("datasets")
    assert code == 0 and "1,797 rows " in out and "8" in out
    assert "pixels (0-16) -> digit" in out
    code, out, err = run("fit", "--help")
    assert code == 0 and "8x8 pixels (0-16) -> digit" in out.replace("×", "x")
    code, out, err = run("fit", "caf\u00e9-\u2192.csv", "--target", "y")
    assert code == 1 and err.startswith("nnguide: error: caf") and ".csv: no such file" in err
    if "PYTHONIOENCODING" in env:  # else the name arrives as undecodable bytes, shown as ?
        assert "-->.csv" in err


# --- standard input ------------------------------------------------------------------------


def test_fit_reads_csv_from_standard_input(tmp_path):
    csv = "area,price\n1,3\n2,5\n3,7.5\n"

    def run(*args, data=csv):
        return subprocess.run(
            [sys.executable, "-m", "nnguide", *args],
            input=data,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )

    proc = run("fit", "-", "--target", "price", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["data"] == "stdin" and report["n_train"] == 3
    assert report["weights"] == [[pytest.approx(2.25)]]
    proc = run("fit", "-", "--target", "price", data="area,price\n1,3\n2,x\n")
    assert proc.returncode == 1
    assert proc.stderr == (
        "nnguide: error: stdin, line 3: column 'price' has a value that is not a number: 'x'\n"
    )
    (tmp_path / "m.json").write_text(
        json.dumps(
            V01_MODEL
            | {"task": "regression", "classes": None, "features": ["area"], "bias": [1.0]}
            | {"weights": [[2.0]], "loss": "mse"}
        )
    )
    proc = run("predict", "m.json", "-", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["predictions"] == [3.0, 5.0, 7.0]


def test_standard_input_from_a_terminal_is_refused():
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "nnguide", "fit", "-", "--target", "y"],
            stdin=follower,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 1
    assert proc.stderr.startswith("nnguide: error: stdin: standard input is a terminal")


# --- progress ------------------------------------------------------------------------------


def test_progress_on_a_terminal_shows_each_phase_then_rate_and_eta(tmp_path):
    import pty
    import select

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnguide", "fit", "digits", "--json"],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=tmp_path,
    )
    os.close(follower)
    screen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(leader)
    assert proc.returncode == 0
    assert json.loads(out)["test_accuracy"] >= 0.96
    text = screen.decode()
    loading, preparing, training = (
        text.index("loading digits…"),
        text.index("preparing 1,797 rows…"),
        text.index("training ["),
    )
    assert loading < preparing < training
    assert "972/972 steps" in text and "steps/s" in text and "ETA" in text
    assert "Traceback" not in text


def test_no_progress_without_a_terminal(run):
    proc = run("fit", "digits", "--steps", "300")
    assert proc.returncode == 0 and proc.stderr == ""
