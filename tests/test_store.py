"""The token store: what it holds equals tokenize's table, parts are the same whatever the
number of workers, an update re-tokenises only the changed file, bad folders are refused."""
from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.store import store as store_module
from corpusnb.tokens import tokens as tokens_module
from corpusnb.tokens import _splitting as splitting_module
from corpusnb.tokens._splitting import _Sample, _training_sample

OWN = Path(__file__).parent / "fixtures" / "own_corpus"

WORDS = ("the assembly voted on the statute of autonomy . the province asked for more "
         "and the ministers said no . Mr. Arvo spoke for the opposition . corruption in "
         "the ports is a separatist grievance . the capital answered with money").split()


def _write_folder(folder: Path, n: int, seed: int = 0) -> Path:
    """n English documents of random sentences made of WORDS (no seed text)."""
    rng = random.Random(seed)
    folder.mkdir()
    for k in range(n):
        sentences = []
        for _ in range(rng.randint(5, 40)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(3, 15))]
            sentences.append(" ".join(words).replace(" .", ".").capitalize() + ".")
        (folder / f"doc{k:02d}.txt").write_text(f"Title {k}\n\n" + " ".join(sentences) + "\n",
                                                encoding="utf-8")
    return folder


def _part_digests(store: cnb.Store) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for folder in ("tokens", "texts") for path in sorted((store.path / folder).iterdir())}


def test_the_store_holds_tokenize_table_of_a_mixed_corpus(tmp_path):
    # CSV rows with dates and parties, a Russian text, a docx and a PDF; small chunks so
    # the CSV is split into parts of its own and the other files share one
    store = cnb.index(OWN, tmp_path / "store", chunk_chars=6_000, workers=1)
    corpus = cnb.load_corpus(OWN)
    expected = cnb.tokenize(corpus)
    assert len(store.parts) > 3
    assert store.ids == corpus.ids
    pd.testing.assert_frame_equal(store.tokens(), expected)
    assert store.n_tokens == len(expected)
    pd.testing.assert_frame_equal(store.metadata, corpus.metadata, check_dtype=False)
    # each part is whole documents: the rows of a part are exactly its documents' rows
    for name in store.parts:
        part = store.part(name)
        ids = list(dict.fromkeys(part["doc_id"].astype(str)))
        pd.testing.assert_frame_equal(
            part.reset_index(drop=True)[["start", "end", "sent", "section"]],
            expected[expected["doc_id"].isin(ids)].reset_index(drop=True)[
                ["start", "end", "sent", "section"]])
    # the manifest keeps what the tokens depend on
    manifest = json.loads((store.path / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["splitters"]) == {"en", "ru"}
    assert manifest["settings"]["word_pattern"] == cnb.WORD_PATTERN
    assert [r["file"] for r in manifest["files"]] == list(dict.fromkeys(
        corpus.metadata["file"]))


def test_parts_are_the_same_bytes_on_one_core_or_two(tmp_path):
    folder = _write_folder(tmp_path / "texts", 12)
    one = cnb.index(folder, tmp_path / "one", chunk_chars=3_000, workers=1)
    two = cnb.index(folder, tmp_path / "two", chunk_chars=3_000, workers=2)
    assert len(one.parts) >= 4
    assert _part_digests(one) == _part_digests(two)
    pd.testing.assert_frame_equal(two.tokens(), cnb.tokenize(cnb.load_corpus(folder)))


def test_an_update_tokenises_only_the_changed_file(tmp_path, monkeypatch):
    folder = _write_folder(tmp_path / "texts", 10)
    first = cnb.index(folder, tmp_path / "store", chunk_chars=2_500, workers=1)
    before = _part_digests(first)
    changed = folder / "doc04.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "The Assembly adjourned.\n",
                       encoding="utf-8")
    seen = []
    real = tokens_module.token_table
    monkeypatch.setattr(tokens_module, "token_table",
                        lambda docs, *a: seen.extend(d.id for d in docs) or real(docs, *a))
    second = cnb.index(folder, tmp_path / "store", chunk_chars=2_500, workers=1)
    assert seen == ["doc04"]
    assert second.report["files_tokenised"] == ["doc04.txt"]
    assert len(second.report["files_reused"]) == 9
    # parts before the changed file are kept as they were, byte for byte
    kept = second.report["parts_kept"]
    assert kept and all(name in before for name in (f"{k}.parquet" for k in kept))
    after = _part_digests(second)
    assert all(after[f"{k}.parquet"] == before[f"{k}.parquet"] for k in kept)
    # the table: the new corpus tokenised with the splitter the store was made with
    monkeypatch.setattr(tokens_module, "token_table", real)
    corpus = cnb.load_corpus(folder)
    manifest = json.loads((second.path / "manifest.json").read_text(encoding="utf-8"))
    splitters = {"en": splitting_module._splitter_from(manifest["splitters"]["en"], "en")}
    expected = real(list(corpus), ["en"] * len(corpus), splitters, ())
    got = second.tokens()
    pd.testing.assert_frame_equal(got, expected)
    # no file left behind that the manifest does not list
    listed = {f"{name}.parquet" for name in second.parts}
    assert set(after) == listed


def test_a_removed_and_an_added_file(tmp_path):
    folder = _write_folder(tmp_path / "texts", 6)
    cnb.index(folder, tmp_path / "store", chunk_chars=2_000, workers=1)
    (folder / "doc02.txt").unlink()
    (folder / "doc99.txt").write_text("New text.\n\nThe assembly met again.\n", encoding="utf-8")
    updated = cnb.index(folder, tmp_path / "store", chunk_chars=2_000, workers=1)
    assert updated.report["files_tokenised"] == ["doc99.txt"]
    corpus = cnb.load_corpus(folder)
    assert updated.ids == corpus.ids
    got = updated.tokens()
    assert "doc02" not in set(got["doc_id"].astype(str))
    assert got[got.doc_id == "doc99"]["token"].astype(str).tolist() == [
        "New", "text", "The", "assembly", "met", "again"]


def test_other_settings_tokenise_everything_again(tmp_path):
    folder = _write_folder(tmp_path / "texts", 4)
    cnb.index(folder, tmp_path / "store", workers=1)
    again = cnb.index(folder, tmp_path / "store", workers=1, extra_stopwords=["assembly"])
    assert len(again.report["files_tokenised"]) == 4
    tokens = again.tokens()
    assert tokens.loc[tokens.norm == "assembly", "is_stop"].all()
    rebuilt = cnb.index(folder, tmp_path / "store", workers=1, extra_stopwords=["assembly"],
                        rebuild=True)
    assert len(rebuilt.report["files_tokenised"]) == 4


def test_tokenize_reads_a_store_that_holds_the_corpus(tmp_path, monkeypatch):
    folder = _write_folder(tmp_path / "texts", 5)
    corpus = cnb.load_corpus(folder)
    expected = cnb.tokenize(corpus)
    first = cnb.tokenize(corpus, store=tmp_path / "store")  # made here
    pd.testing.assert_frame_equal(first, expected)

    def no_tokenising(*args):
        raise AssertionError("tokenised although the store holds the corpus")
    monkeypatch.setattr(tokens_module, "token_table", no_tokenising)
    second = cnb.tokenize(cnb.load_corpus(folder), store=tmp_path / "store")
    pd.testing.assert_frame_equal(second, expected)
    assert cnb.corpus_of(second) is not None and cnb.docvar(second, "title").iloc[0] == "Title 0"


def test_sample_built_a_text_at_a_time_is_the_training_sample():
    rng = random.Random(3)
    for trial in range(200):
        budget = rng.randint(1, 60)
        texts = ["".join(rng.choice("ab \n") for _ in range(rng.randint(0, 40)))
                 for _ in range(rng.randint(1, 30))]
        sample = _Sample(budget)
        for text in texts:
            sample.add(text)
        assert sample.text() == _training_sample(texts, budget), (trial, budget, texts)


def test_folders_that_are_not_stores_are_refused(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(cnb.CorpusError, match="notes exists and is not a corpusnb store"):
        cnb.index(None, tmp_path / "notes")
    assert (tmp_path / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(cnb.CorpusError, match="no manifest.json"):
        cnb.open_store(tmp_path / "notes")


def test_duplicate_ids_across_files_name_both(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.csv").write_text("doc_id,text\nx,One text.\n", encoding="utf-8")
    (folder / "b.csv").write_text("doc_id,text\nx,Another.\n", encoding="utf-8")
    with pytest.raises(cnb.CorpusError, match="'x' is given to documents of both 'a.csv' and "
                                              "'b.csv'"):
        cnb.index(folder, tmp_path / "store")


def test_an_empty_store_reads_as_the_empty_table(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("", encoding="utf-8")
    with pytest.warns(cnb.CorpusWarning):
        made = cnb.index(folder, tmp_path / "store", workers=1)
        expected = cnb.tokenize(cnb.load_corpus(folder))
    pd.testing.assert_frame_equal(made.tokens(), expected)
    assert store_module.open_store(made.path).ids == ["a"]


def test_the_index_command(tmp_path, capsys):
    from corpusnb.apps import cli

    folder = _write_folder(tmp_path / "texts", 3)
    assert cli.main(["index", str(folder), "--store", str(tmp_path / "store"),
                     "--workers", "1"]) == 0
    first = capsys.readouterr().out
    assert cli.main(["index", str(folder), "--store", str(tmp_path / "store")]) == 0
    second = capsys.readouterr().out
    n = len(cnb.tokenize(cnb.load_corpus(folder)))
    assert f"3 documents, {n:,} tokens, 1 parts): 3 file(s) tokenised, 0 unchanged" in first
    assert "0 file(s) tokenised, 3 unchanged; 0 part(s) written, 1 kept" in second
    assert cli.main(["index", str(folder), "--store", str(folder)]) == 2
    assert "exists and is not a corpusnb store" in capsys.readouterr().err


# ------------------------------------------------------------ the store as a corpus

def _same_documents(corpus, store) -> None:
    assert len(store) == len(corpus) and store.ids == corpus.ids
    for doc_id in corpus.ids:
        assert doc_id in store
        mine, kept = corpus[doc_id], store[doc_id]
        assert (kept.id, kept.text, kept.raw) == (mine.id, mine.text, mine.raw)
        assert kept.meta == mine.meta
        assert kept.sizes == mine.sizes
        pd.testing.assert_frame_equal(kept.sections, mine.sections, check_dtype=False)
        pd.testing.assert_frame_equal(kept.removed, mine.removed, check_dtype=False)
    pd.testing.assert_frame_equal(store.sections, corpus.sections)
    pd.testing.assert_frame_equal(store.removed, corpus.removed)
    assert [d.id for d in store] == corpus.ids


def test_the_store_stands_in_for_the_seed_corpus(tmp_path):
    corpus = cnb.load_corpus()
    store = cnb.load_corpus(store=tmp_path / "seeds")
    assert isinstance(store, cnb.Store)
    _same_documents(corpus, store)
    # the seeds' audit is kept: 165 citations and 25 footnote markers in the 2018 article
    reasons = store.removed.query("doc_id == 'kazakhstan-eu-2018'")["reason"].value_counts()
    assert (reasons["citation"], reasons["footnote marker"]) == (165, 25)
    assert cnb.is_seed_corpus(store)
    pd.testing.assert_frame_equal(cnb.tokenize(store), cnb.tokenize(corpus))
    from corpusnb.apps.cli import info_table
    pd.testing.assert_frame_equal(info_table(store), info_table(corpus))
    assert cnb.corpus_sentence(store, cnb.tokenize(store)) == \
        cnb.corpus_sentence(corpus, cnb.tokenize(corpus))
    with pytest.raises(KeyError, match="no document 'nope'"):
        store["nope"]


def test_the_store_stands_in_for_a_mixed_corpus_split_in_parts(tmp_path):
    corpus = cnb.load_corpus(OWN)
    store = cnb.index(OWN, tmp_path / "store", chunk_chars=6_000, workers=1)
    assert len(store.parts) > 3
    _same_documents(corpus, store)
    assert not cnb.is_seed_corpus(store)


def test_kwic_on_a_stored_table_reads_only_the_parts_of_its_hits(tmp_path, monkeypatch):
    folder = _write_folder(tmp_path / "texts", 12)
    (folder / "doc05.txt").write_text("Title\n\nThe zebra of the port spoke.\n",
                                      encoding="utf-8")
    store = cnb.index(folder, tmp_path / "store", chunk_chars=2_000, workers=1)
    table = cnb.tokenize(store)
    expected = cnb.kwic(cnb.tokenize(cnb.load_corpus(folder)), "zebra", window=3)
    read = []
    import pyarrow.parquet as pq
    real = pq.read_table
    monkeypatch.setattr(pq, "read_table", lambda path, *a, **k: read.append(Path(path).name)
                        or real(path, *a, **k))
    lines = cnb.kwic(table, "zebra", window=3)
    pd.testing.assert_frame_equal(pd.DataFrame(lines), pd.DataFrame(expected))
    assert lines[["doc_id", "match", "right"]].values.tolist() == [["doc05", "zebra",
                                                                    "of the port"]]
    part = next(p["name"] for p in store.manifest["parts"] if "doc05" in p["ids"])
    assert read == [f"{part}.parquet"] and len(store.parts) > 2


def test_tokenize_of_a_store_with_other_stopwords_is_refused(tmp_path):
    store = cnb.load_corpus(store=tmp_path / "seeds")
    with pytest.raises(cnb.CorpusError, match="indexed with extra stopwords"):
        cnb.tokenize(store, extra_stopwords=["russia"])


def test_indexing_an_unchanged_corpus_again_writes_nothing(tmp_path):
    folder = _write_folder(tmp_path / "texts", 5)
    first = cnb.index(folder, tmp_path / "store", chunk_chars=2_000, workers=1)
    files = sorted(p for p in first.path.rglob("*") if p.is_file())
    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    again = cnb.index(folder, tmp_path / "store", chunk_chars=2_000, workers=1)
    assert again.report["files_tokenised"] == [] and len(again.report["files_reused"]) == 5
    assert sorted(p for p in again.path.rglob("*") if p.is_file()) == files
    assert all((p.stat().st_mtime_ns, p.read_bytes()) == stamps[p] for p in files)


def test_a_catalog_change_keeps_the_tokens_and_updates_the_documents(tmp_path, monkeypatch):
    folder = _write_folder(tmp_path / "texts", 3)
    catalog = "".join(f'[[document]]\nfile = "doc{k:02d}.txt"\ndoc_id = "doc{k:02d}"\n'
                      f'title = "Speech {k}"\n\n' for k in range(3))
    (folder / "catalog.toml").write_text(catalog, encoding="utf-8")
    cnb.index(folder, tmp_path / "store", workers=1)
    (folder / "catalog.toml").write_text(catalog.replace("Speech 1", "Address 1"),
                                         encoding="utf-8")
    seen = []
    real = tokens_module.token_table
    monkeypatch.setattr(tokens_module, "token_table",
                        lambda docs, *a: seen.extend(d.id for d in docs) or real(docs, *a))
    store = cnb.index(folder, tmp_path / "store", workers=1)
    assert seen == []  # the texts are the same: no document is tokenised again
    assert store["doc01"].meta["title"] == "Address 1" == store.metadata.loc["doc01", "title"]
    assert [store[f"doc{k:02d}"].meta["title"] for k in (0, 2)] == ["Speech 0", "Speech 2"]
    pd.testing.assert_frame_equal(store.tokens(), cnb.tokenize(cnb.load_corpus(folder)))


def test_load_corpus_with_a_store_warns_at_the_caller(tmp_path):
    folder = _write_folder(tmp_path / "texts", 2)
    (folder / "notes.md").write_text("not a text", encoding="utf-8")
    with pytest.warns(cnb.CorpusWarning, match="skipped 1 file") as caught:
        cnb.load_corpus(folder, store=tmp_path / "store")
    assert [Path(w.filename).name for w in caught] == ["test_store.py"]


# ---------------------------------------------------------------- the layers (issue 22)

_PACKAGE = Path(cnb.__file__).parent


def _imports(module: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken) of every import of a file of corpusnb, at any depth."""
    import ast

    package = ".".join(module.relative_to(_PACKAGE.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(filter(None, [base, node.module or ""]))
            found.append((target, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
    return found


@pytest.mark.parametrize("layer", ["text", "tokens"])
def test_the_text_and_tokens_layers_import_nothing_of_the_store(layer):
    for module in sorted((_PACKAGE / layer).glob("*.py")):
        for target, names in _imports(module):
            full = [target, *(f"{target}.{name}" for name in names)]
            assert not any(t.startswith(("corpusnb.store", "corpusnb.engine")) for t in full), \
                (module.name, target, names)


def test_no_module_takes_a_private_name_of_the_text_tokens_and_store_modules():
    mine = {"corpusnb.text.corpus", "corpusnb.tokens.tokens", "corpusnb.store.store",
            "corpusnb.store.api"}
    taken = [(module.name, target, name) for module in sorted(_PACKAGE.rglob("*.py"))
             for target, names in _imports(module) if target in mine
             for name in names if name.startswith("_") and not name.startswith("__")]
    assert taken == []


def test_the_api_names_are_the_store_aware_functions():
    import inspect

    from corpusnb.store import api
    from corpusnb.text import corpus as corpus_module

    assert cnb.load_corpus is api.load_corpus and cnb.tokenize is api.tokenize
    assert list(inspect.signature(cnb.load_corpus).parameters) == [
        "path", "keep_citations", "text_column", "store", "keep_stage_directions",
        "remove_regex"]
    assert list(inspect.signature(cnb.tokenize).parameters) == [
        "corpus", "extra_stopwords", "store"]
    # the layers below take every parameter but the store's, documented alike
    for upper, lower in ((api.load_corpus, corpus_module.load_corpus),
                         (api.tokenize, tokens_module.tokenize)):
        below = inspect.signature(lower).parameters
        assert list(below) == [p for p in inspect.signature(upper).parameters if p != "store"]
        for name in below:
            if name in ("corpus",):  # a Corpus below, a Corpus or a Store above
                continue
            documented = re.search(rf"\n    {name} :.*?(?=\n    \S|\n\n)", lower.__doc__,
                                   re.DOTALL).group()
            assert documented.count("\n") >= 2 and documented in upper.__doc__, \
                (upper.__name__, name)


def test_a_store_given_to_the_api_and_the_layer_below(tmp_path):
    folder = _write_folder(tmp_path / "texts", 3)
    store = cnb.load_corpus(folder, store=tmp_path / "store")
    assert isinstance(store, cnb.Store)
    expected = cnb.tokenize(cnb.load_corpus(folder))
    pd.testing.assert_frame_equal(cnb.tokenize(store), expected)
    with pytest.raises(cnb.CorpusError, match=r"indexed with extra stopwords \[\], not "
                                              r"\['assembly'\]"):
        cnb.tokenize(store, extra_stopwords=["Assembly"])
    with pytest.raises(cnb.CorpusError, match="does not take keep_stage_directions"):
        cnb.load_corpus(folder, store=tmp_path / "store", keep_stage_directions=True)
    with pytest.raises(TypeError, match="store"):
        tokens_module.tokenize(cnb.load_corpus(folder), store=tmp_path / "store")
