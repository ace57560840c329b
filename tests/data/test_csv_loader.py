"""The CSV loader: good files load exactly; every broken file gets one clear DataError."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest

from nnguide.data import (
    csvfile,
    load_csv,
    load_csv_bytes,
    load_csv_stream,
    load_csv_text,
    open_data,
)
from nnguide.errors import DataError


def _load_and_select(path: Path, case) -> None:
    features = list(case.features) if case.features is not None else None
    open_data(str(path)).select(case.target, features, case.task)


def test_every_malformed_file_names_the_file_and_the_problem(malformed_csv):
    path, case = malformed_csv
    with pytest.raises(DataError) as info:
        _load_and_select(path, case)
    message = str(info.value)
    assert str(path) in message
    for fragment in case.expect:
        assert fragment in message, f"{fragment!r} missing from {message!r}"
    assert "\n" not in message


def test_a_good_file_loads_with_numbers_and_line_numbers(write_csv):
    path = write_csv("good.csv", "\ufeffa, b ,y\n1, 2.5 ,3\n\n4,-5e1,6\n")
    ds = load_csv(path)
    assert ds.column_names == ["a", "b", "y"]
    assert ds.n_rows == 2
    np.testing.assert_array_equal(ds.numeric("b"), [2.5, -50.0])
    sel = ds.select("y")
    assert sel.task == "regression"
    assert sel.features == ["a", "b"]
    np.testing.assert_array_equal(sel.X, [[1.0, 2.5], [4.0, -50.0]])
    np.testing.assert_array_equal(sel.y, [3.0, 6.0])


def test_quoted_fields_and_a_text_target_make_a_classification(write_csv):
    path = write_csv(
        "pets.csv",
        'weight,"height, cm",kind\n4,30,"cat"\n30,60,dog\n5,25,cat\n25,55,"dog"\n',
    )
    sel = load_csv(path).select("kind")
    assert sel.task == "classification"
    assert sel.features == ["weight", "height, cm"]
    assert sel.classes == ["cat", "dog"]
    assert sel.y.tolist() == ["cat", "dog", "cat", "dog"]


def test_numeric_labels_sort_by_value_and_read_back_as_whole_numbers(write_csv):
    path = write_csv("n.csv", "x,z,label\n1,0,10\n2,1,2\n3,0,2\n4,1,10.0\n")
    sel = load_csv(path).select("label", task="classification")
    assert sel.classes == ["2", "10"]
    assert sel.y.tolist() == ["10", "2", "2", "10"]


def test_a_text_column_is_fine_until_it_is_chosen_as_a_feature(write_csv):
    path = write_csv("t.csv", "a,note,y\n1,hi,3\n2,there,5\n3,x,4\n")
    sel = load_csv(path).select("y", ["a"])
    np.testing.assert_array_equal(sel.X[:, 0], [1, 2, 3])
    with pytest.raises(DataError, match=r"line 2: column 'note' .*'hi'"):
        load_csv(path).select("y")


def test_too_many_rows(write_csv, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_ROWS", 3)
    path = write_csv("rows.csv", "a,y\n" + "".join(f"{i},{i * i}\n" for i in range(4)))
    with pytest.raises(DataError) as info:
        load_csv(path)
    assert str(path) in str(info.value)
    assert "more than 3 rows" in str(info.value)
    # Exactly at the limit is fine.
    ok = write_csv("ok.csv", "a,y\n" + "".join(f"{i},{i * i}\n" for i in range(3)))
    assert load_csv(ok).n_rows == 3


def test_too_many_bytes(write_csv, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_BYTES", 20)
    path = write_csv("big.csv", "a,y\n" + "".join(f"{i},{i}\n" for i in range(10)))
    with pytest.raises(DataError) as info:
        load_csv(path)
    assert str(path) in str(info.value) and "limit" in str(info.value)


def test_too_many_columns(write_csv, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_COLUMNS", 3)
    path = write_csv("wide.csv", "a,b,c,y\n1,2,3,4\n5,6,7,8\n")
    with pytest.raises(DataError, match=r"line 1: 4 columns; the limit is 3"):
        load_csv(path)


def test_unknown_task_and_missing_target(write_csv):
    path = write_csv("ok.csv", "a,b,y\n1,2,3\n4,5,6\n")
    ds = load_csv(path)
    with pytest.raises(DataError, match="unknown task 'clustering'"):
        ds.select("y", task="clustering")
    with pytest.raises(DataError, match="choose the column to predict"):
        ds.select(None)


@pytest.mark.parametrize(
    ("column", "task"),
    [("price", "regression"), ("kind", "classification"), ("blank_kind", "classification")],
)
def test_the_default_task_follows_the_target(write_csv, column, task):
    path = write_csv(
        "t.csv",
        "x,price,kind,blank_kind,mixed\n1,3.5,cat,,2\n2,4,dog,dog,A\n3,5,cat,cat,3\n",
    )
    assert load_csv(path).guess_task(column) == task


def test_a_mostly_numeric_target_with_a_word_is_a_mistake_not_classes(write_csv):
    path = write_csv("m.csv", "x,y\n1,2\n\n2,3\n3,oops\n4,5\n")
    with pytest.raises(DataError, match=r"line 5: column 'y' has a value that is not a number"):
        load_csv(path).guess_task("y")


def test_codes_mixing_numbers_and_words_can_be_classes_when_asked(write_csv):
    path = write_csv("c.csv", "x,code\n1,A\n2,1\n3,A\n4,1\n5,A\n6,1\n")
    ds = load_csv(path)
    with pytest.raises(DataError, match="line 2: column 'code'.*'A'"):
        ds.select("code")
    assert ds.select("code", task="classification").classes == ["1", "A"]


def test_rows_keep_their_file_lines_past_blank_lines(write_csv):
    path = write_csv("b.csv", "x,y\n\n1,a\n\n\n2,b\n3,\n")
    ds = load_csv(path)
    assert [ds.line(i) for i in range(ds.n_rows)] == [3, 6, 7]
    with pytest.raises(DataError, match=r"line 7: column 'y' has an empty cell"):
        ds.select("y")


def test_text_and_bytes_load_like_the_file(write_csv):
    content = "\ufeffa, b ,y\n1, 2.5 ,3\n\n4,-5e1,6\n"
    from_file = load_csv(write_csv("good.csv", content))
    for ds in (
        load_csv_text(content, name="pasted"),
        load_csv_bytes(content.encode("utf-8"), name="pasted"),
        load_csv_stream(io.BytesIO(content.encode("utf-8")), name="pasted"),
    ):
        assert ds.name == "pasted"
        assert ds.column_names == from_file.column_names
        assert [ds.line(i) for i in range(ds.n_rows)] == [2, 4]
        for column in ds.column_names:
            np.testing.assert_array_equal(ds.numeric(column), from_file.numeric(column))


def test_every_malformed_case_reads_the_same_from_text(malformed_files):
    """Text (the page's upload) gets the file's messages, with the name it is given."""
    checked = 0
    for path, case in malformed_files.values():
        if case.content is None:
            continue  # a filesystem case (missing, folder, sparse file): no text to give
        features = list(case.features) if case.features is not None else None
        with pytest.raises(DataError) as from_file:
            load_csv(path).select(case.target, features, case.task)
        expected = str(from_file.value).replace(str(path), "upload.csv")
        with pytest.raises(DataError) as from_bytes:
            load_csv_bytes(case.content, "upload.csv").select(case.target, features, case.task)
        assert str(from_bytes.value) == expected, case.id
        try:
            text = case.content.decode("utf-8")
        except UnicodeDecodeError:
            continue  # not text: only bytes can carry it
        with pytest.raises(DataError) as from_text:
            load_csv_text(text, "upload.csv").select(case.target, features, case.task)
        assert str(from_text.value) == expected, case.id
        checked += 1
    assert checked >= 25


def test_text_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_BYTES", 20)
    text = "a,y\n" + "".join(f"{i},{i}\n" for i in range(10))
    for load in (load_csv_text, lambda t, name: load_csv_bytes(t.encode(), name)):
        with pytest.raises(DataError, match=r"^paste: the data is too large; the limit is"):
            load(text, name="paste")


class _Endless(io.RawIOBase):
    """A stream that never ends (like /dev/zero) and counts what was read from it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001
        n = len(buffer)
        buffer[:] = b"1" * n
        self.read_bytes += n
        return n


def test_a_stream_is_cut_off_at_the_limit_while_reading(monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_BYTES", 3 * csvfile.CHUNK)
    endless = _Endless()
    with pytest.raises(DataError, match=r"^stdin: the data is too large; the limit is"):
        load_csv_stream(io.BufferedReader(endless), "stdin")
    assert endless.read_bytes <= 5 * csvfile.CHUNK


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_before_reading(device):
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    with pytest.raises(DataError) as info:
        load_csv(device)
    assert str(info.value) == (
        f"{device}: a device, not a CSV file; nnguide reads regular files "
        "(or standard input: nnguide fit - < file.csv)"
    )


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match=r"pipe.csv: a pipe, not a CSV file"):
        load_csv(fifo)


def test_a_file_that_grows_past_its_size_is_still_capped(write_csv, monkeypatch):
    """The limit holds while reading, not only for the size the file reported."""
    path = write_csv("grow.csv", "a,y\n" + "1,2\n" * 100)
    monkeypatch.setattr(csvfile, "MAX_BYTES", 50)
    real_fstat = os.fstat

    def small_fstat(fd):  # the file claims to be small, as /proc files and races do
        result = real_fstat(fd)
        return os.stat_result((*result[:6], 10, *result[7:]))

    monkeypatch.setattr(csvfile.os, "fstat", small_fstat)
    with pytest.raises(DataError, match="the data is too large; the limit is"):
        load_csv(path)


EXTREME_VALUES = [
    (
        "x,y\n1,1.7e308\n2,1.6e308\n3,1.5e308\n",
        "y",
        "line 2",
        "column 'y'",
        "1.7e+308",
        "overflows",
    ),
    ("x,y\n1e308,1\n1.5e308,2\n1.7e308,3\n", "y", "line 2", "column 'x'", "1e+308", "overflows"),
    ("x,y\n1,1\n2,2\n-2e150,3\n", "y", "line 4", "column 'x'", "-2e+150", "overflows"),
    ("x,y\n5e-324,1\n1e-323,2\n1.5e-323,3\n", "y", "line 2", "column 'x'", "5e-324", "underflows"),
    ("x,y\n1,5e-324\n2,1e-323\n3,0\n", "y", "line 2", "column 'y'", "5e-324", "underflows"),
]


@pytest.mark.parametrize(("text", "target", *"abcd"), EXTREME_VALUES)
def test_values_beyond_float64_arithmetic_are_named_by_column_and_line(text, target, a, b, c, d):
    with pytest.raises(DataError) as info:
        load_csv_text(text, name="e.csv").select(target)
    message = str(info.value)
    assert message.startswith(f"e.csv, {a}: {b} has the value {c}, ")
    assert d in message and "between 1e-150 and 1e150" in message


def test_values_at_the_edges_of_the_range_are_fine():
    ds = load_csv_text("x,y\n1e150,1e-150\n-1e150,0\n0,-1e-150\n", name="edge.csv")
    sel = ds.select("y")
    assert sel.X[:, 0].tolist() == [1e150, -1e150, 0.0]
    # A class target is a label, not a quantity: any number is fine there.
    ds = load_csv_text("x,y\n1,1e300\n2,1e300\n3,5\n4,5\n", name="c.csv")
    assert ds.select("y", task="classification").classes == ["5", "1e+300"]
