"""Training end to end on a tiny set of kits: it verifies, records its provenance, and repeats exactly."""

from __future__ import annotations

import copy
import json
import os

from test_compose import KIT  # the tiny kit the composer tests use

from classifier import load_model
from classifier.artifact import MANIFEST, WEIGHTS
from classifier.findings import PRESENT_GRID, SINGLE_LINE_GRID
from classifier.train import TrainConfig, train


def _kits(directory):
    directory.mkdir()
    with (directory / "xx.jsonl").open("w", encoding="utf-8") as out:
        for n in range(4):
            kit = copy.deepcopy(KIT)
            kit["site"] = f"xx-site{n}"
            kit["articles"] = kit["articles"] * 3
            out.write(json.dumps(kit) + "\n")
    return directory


def test_training_is_deterministic_and_loads(tmp_path):
    sites = _kits(tmp_path / "sites")
    config = dict(sites_dir=sites, walls_dir=tmp_path / "no-walls", with_html=False, folds=2)
    first = train(TrainConfig(out_dir=tmp_path / "one", **config), say=lambda _m: None)
    second = train(TrainConfig(out_dir=tmp_path / "two", **config), say=lambda _m: None)
    assert (tmp_path / "one" / WEIGHTS).read_bytes() == (tmp_path / "two" / WEIGHTS).read_bytes()
    assert first["weights"]["sha256"] == second["weights"]["sha256"]
    assert first["training_data"]["kits"] == 4
    assert first["heads"] == ["text", "text1"]  # two pairings of sites and wall sets
    assert 0.0 < first["thresholds"]["keep"] < 1.0
    manifest = json.loads((tmp_path / "one" / MANIFEST).read_text())
    assert manifest["metrics"]["validation"]["text"]["content"]["f1"] > 0
    # The findings rule is chosen on the out-of-fold pages, and the model reads it back.
    assert first["thresholds"]["finding"] in PRESENT_GRID
    assert first["thresholds"]["finding_single_line"] in SINGLE_LINE_GRID
    assert set(manifest["metrics"]["findings"]) == {"consent", "paywall", "adblock"}
    model = load_model(tmp_path / "one")
    assert model.findings.present == first["thresholds"]["finding"]
    assert model.findings.single_line == first["thresholds"]["finding_single_line"]
    page = model.classify_text("Home\nA headline\nFirst paragraph of the story.\nAccept all")
    assert len(page.lines) == 4


def test_training_workers_compute_on_one_thread_and_the_environment_is_restored(monkeypatch):
    from classifier.train import _THREAD_VARIABLES, _one_thread_each

    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with _one_thread_each():
        assert all(os.environ[name] == "1" for name in _THREAD_VARIABLES)
    assert os.environ["OMP_NUM_THREADS"] == "4"
    assert "OPENBLAS_NUM_THREADS" not in os.environ


def test_html_heads_are_trained_and_loaded(tmp_path):
    sites = _kits(tmp_path / "sites")
    config = TrainConfig(out_dir=tmp_path / "m", sites_dir=sites, walls_dir=tmp_path / "no-walls", folds=2)
    written = train(config, say=lambda _m: None)
    # HTML mode's own text heads ("textdom"): the same draws without the repeated article lines.
    assert written["heads"] == ["html", "html1", "text", "text1", "textdom", "textdom1"]
    assert {"keep_html", "wall_margin_html", "keep_textdom", "wall_margin_textdom"} <= set(written["thresholds"])
    model = load_model(tmp_path / "m")
    assert len(model.heads.htmls) == 2 and len(model.heads.dom_texts) == 2
    page = model.classify_html(
        "<h1>A headline</h1><p>First paragraph of the story.</p><nav><a>Home</a></nav>"
    )
    assert [line.line.text for line in page.lines][:2] == ["A headline", "First paragraph of the story."]


def test_the_first_pairing_shifts_every_head_to_the_next_draws(tmp_path):
    from classifier.train import _compose

    sites = _kits(tmp_path / "sites")
    walls = tmp_path / "walls"
    walls.mkdir()
    with (walls / "xx.jsonl").open("w", encoding="utf-8") as out:
        for i in range(8):
            wall = {"group": f"walls-xx-{i}", "lang": "xx", "consent": [[f"Cookie notice {i}", f"Accept {i}"]]}
            out.write(json.dumps(wall) + "\n")
    config = dict(sites_dir=sites, walls_dir=walls, folds=2)
    plain = _compose(TrainConfig(**config))
    shifted = _compose(TrainConfig(first_pairing=1, **config))
    # The shifted model's first heads are the plain model's second ones: the same draws, moved along.
    assert shifted.docs == plain.more["text1"] != plain.docs
    assert shifted.dom["textdom"] == plain.dom["textdom1"]
    assert shifted.sha256 != plain.sha256  # the model's version tells the draws apart
