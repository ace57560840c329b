"""The named datasets that ship with nnguide: shapes, columns, units and values."""

from __future__ import annotations

import numpy as np
import pytest

from nnguide.data import BUNDLED, HOUSE_CLASSES, HOUSE_LABELS, Dataset, load_dataset, open_data
from nnguide.errors import DataError

# SPEC §5: the ten houses, prices in dollars.
AREA = [2104, 1600, 2400, 1416, 3000, 1985, 1534, 1427, 1380, 1494]
BATHS = [3, 3, 3, 2, 4, 4, 3, 3, 3, 3]
PRICE = [399900, 329900, 369000, 232000, 539900, 299900, 314900, 198999, 212000, 242500]
LABELS = ["Good", "Good", "Good", "Bad", "Bad", "Good", "Bad", "Good", "Good", "Good"]


def test_the_bundled_names():
    assert list(BUNDLED) == [
        "houses-3",
        "houses-10",
        "houses-labelled",
        "portland",
        "digits",
        "iris",
        "penguins",
    ]


@pytest.mark.parametrize("name", list(BUNDLED))
def test_the_metadata_describes_the_loaded_table(name):
    info = BUNDLED[name]
    ds = info.load()
    assert (ds.n_rows, tuple(ds.column_names), ds.default_target) == (
        info.n_rows,
        info.columns,
        info.target,
    )
    assert ds.description == info.description
    assert info.source and info.licence


def test_real_datasets_name_an_open_licence():
    assert BUNDLED["digits"].licence == "CC BY 4.0"
    assert "Alpaydin" in BUNDLED["digits"].source
    assert BUNDLED["iris"].licence.startswith("CC BY 4.0")
    assert "Fisher" in BUNDLED["iris"].source
    assert BUNDLED["penguins"].licence.startswith("CC0")
    assert "Gorman" in BUNDLED["penguins"].source


def test_houses_3_prices_in_thousands():
    ds = load_dataset("houses-3")
    assert ds.column_names == ["area", "price"]
    assert ds.n_rows == 3
    np.testing.assert_array_equal(ds.numeric("area"), AREA[:3])
    np.testing.assert_allclose(ds.numeric("price"), [399.9, 329.9, 369.0], rtol=0, atol=1e-12)
    sel = ds.select()
    assert (sel.target, sel.features, sel.task) == ("price", ["area"], "regression")
    assert sel.X.shape == (3, 1)


def test_houses_10_matches_the_spec_table():
    ds = load_dataset("houses-10")
    assert ds.column_names == ["area", "bathrooms", "price"]
    sel = ds.select()
    assert sel.X.shape == (10, 2)
    np.testing.assert_array_equal(sel.X, np.column_stack([AREA, BATHS]))
    np.testing.assert_allclose(sel.y, np.array(PRICE) / 1000, rtol=0, atol=1e-12)


def test_houses_labelled_class_order_good_then_bad():
    assert HOUSE_LABELS == LABELS
    assert HOUSE_CLASSES == ["Good", "Bad"]
    ds = load_dataset("houses-labelled")
    assert ds.column_names == ["area", "bathrooms", "label"]
    sel = ds.select()
    assert sel.task == "classification"
    assert sel.classes == ["Good", "Bad"]
    assert sel.y.tolist() == LABELS
    np.testing.assert_array_equal(sel.X, np.column_stack([AREA, BATHS]))


def test_portland_is_all_47_houses_with_the_classic_means():
    ds = load_dataset("portland")
    assert ds.column_names == ["area", "bathrooms", "price"]
    assert ds.n_rows == 47
    np.testing.assert_array_equal(ds.numeric("area")[:10], AREA)
    np.testing.assert_array_equal(ds.numeric("bathrooms")[:10], BATHS)
    # The well-known column means of the Portland set (area 2000.68, rooms 3.17, $340,412.66).
    assert ds.numeric("area").mean() == pytest.approx(2000.6809, abs=1e-4)
    assert ds.numeric("bathrooms").mean() == pytest.approx(3.1702, abs=1e-4)
    assert ds.numeric("price").mean() == pytest.approx(340.41266, abs=1e-5)


def test_digits_is_1797_images_of_64_pixels():
    ds = load_dataset("digits")
    sel = ds.select()
    assert sel.X.shape == (1797, 64)
    assert sel.features[0] == "pixel_0_0" and sel.features[-1] == "pixel_7_7"
    assert sel.task == "classification"
    assert sel.classes == [str(d) for d in range(10)]
    assert set(sel.y.tolist()) == set(sel.classes)
    assert sel.X.min() == 0 and sel.X.max() == 16
    # Border pixels that are blank in every image are allowed here (and only here).
    assert np.any(np.all(sel.X == 0, axis=0))


def test_unknown_names_list_the_bundled_ones():
    with pytest.raises(DataError, match="unknown dataset 'houses-99'.*houses-3, houses-10"):
        load_dataset("houses-99")


def test_open_data_prefers_bundled_names_then_files(tmp_path, monkeypatch):
    assert open_data("houses-3").name == "houses-3"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.csv").write_text("x,y\n1,2\n3,5\n")
    assert open_data("mine.csv").n_rows == 2


def test_regression_on_the_labels_names_the_first_word():
    ds = load_dataset("houses-labelled")
    assert not ds.is_numeric("label")
    with pytest.raises(DataError) as info:
        ds.select(task="regression")
    assert str(info.value) == (
        "houses-labelled, row 1: column 'label' has a value that is not a number: 'Good'; "
        "its values are categories, so use --task classification"
    )


def test_a_non_finite_number_in_a_table_is_a_bad_cell():
    ds = Dataset("t", {"x": np.array([1.0, np.nan, 3.0]), "y": np.array([1.0, 2.0, 4.0])})
    assert ds.bad_cells == {"x": (2, "nan")}
    with pytest.raises(DataError, match=r"t, row 2: column 'x' .*'nan'"):
        ds.select("y")


def test_classes_named_by_the_dataset_are_not_counted_against_the_rows():
    sel = load_dataset("digits").select(task="classification")
    assert sel.classes == [str(d) for d in range(10)]
    with pytest.raises(DataError, match="47 rows, too many to be classes.*--task regression"):
        load_dataset("portland").select(task="classification")
