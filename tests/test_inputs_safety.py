"""Inputs that attack (issue 21): globs in linear time, caps on patterns, Word files and
catalogs, paths that leave the corpus folder, files that are not regular files, theme
files with unknown keys, entity references in a .docx."""
from __future__ import annotations

import contextlib
import random
import re
import signal

import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.apps.explorer import Explorer
from corpusnb.tokens.patterns import compile_element, find, matching_terms, split_pattern


@contextlib.contextmanager
def _guard(seconds: int = 30):
    """A generous guard: fail (rather than hang the suite) if the block runs too long."""
    def expired(*_):
        raise AssertionError(f"still running after {seconds} s: the matcher backtracks")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _glob_matches(glob: str, term: str) -> bool:
    """Reference: dynamic programming over (glob prefix, term prefix), no regex."""
    reach = [True] + [False] * len(term)  # which term prefixes the glob prefix matches
    for ch in glob:
        if ch == "*":
            reach = [any(reach[:k + 1]) for k in range(len(term) + 1)]
        else:
            reach = [False] + [reach[k] and (ch == "?" or ch == term[k])
                               for k in range(len(term))]
    return reach[-1]


# 39 stars: "a*a*...*a*b" would take a backtracking matcher longer than the universe
# on a term of 40 a's (each a may be taken by any star).
STARS_39 = "*a" * 38 + "*b"
TERMS = ["a" * 40 + "b", "a" * 40, "ab", "b" + "a" * 39]


class TestGlobsInLinearTime:
    def test_random_globs_agree_with_a_reference(self):
        rng = random.Random(21)
        for _ in range(3000):
            glob = "".join(rng.choice("ab*?") for _ in range(rng.randint(0, 8)))
            term = "".join(rng.choice("ab") for _ in range(rng.randint(0, 9)))
            assert bool(compile_element(glob).fullmatch(term)) == _glob_matches(glob, term), \
                (glob, term)

    @pytest.mark.parametrize("glob, term, expected", [
        ("separat*", "separatism", True), ("separat*", "separat", True),
        ("*ism", "separatism", True), ("s*t*m", "sistem", True), ("s*t*m", "sistema", False),
        ("s*t*a", "sistema", True), ("a.b", "axb", False), ("a.b", "a.b", True),
        ("?", "", False), ("?*", "x", True), ("**", "", True), ("a**b", "ab", True),
        ("*ab*ab*", "abab", True), ("*ab*ab*", "aab", False), ("(eu", "(eu", True),
    ])
    def test_rule_cases(self, glob, term, expected):
        assert bool(compile_element(glob).fullmatch(term)) is expected

    def test_stars_compile_to_atomic_groups(self):
        """Structure: each star but the last is the lazy run of an atomic group, which the
        regex engine never re-enters; only the last star, before the anchored last piece,
        is a plain run (it backs off at most the term's length)."""
        compiled = compile_element(STARS_39).pattern
        assert compiled == "(?>.*?a)" * 38 + ".*b"
        assert compile_element("sep*r?t*ism").pattern == "sep(?>.*?r.t).*ism"
        assert compile_element("north").pattern == "north"

    def test_39_stars_finish(self):
        with _guard():
            assert [bool(compile_element(STARS_39).fullmatch(t)) for t in TERMS] == \
                [True, False, False, False]
            assert matching_terms(TERMS, STARS_39) == ["a" * 40 + "b"]

    def test_every_caller_gets_the_linear_matcher(self, tmp_path):
        (tmp_path / "a.txt").write_text(" ".join(TERMS) + ".\n\n" + TERMS[1] + ".\n",
                                        encoding="utf-8")
        tokens = cnb.tokenize(cnb.load_corpus(tmp_path))
        with _guard():
            assert find(tokens, STARS_39)["match"].tolist() == ["a" * 40 + "b"]
            assert len(cnb.kwic(tokens, STARS_39)) == 1
            assert Explorer(tokens, {"t": [STARS_39]}).set_pattern(STARS_39) == 1
            counts = cnb.theme_frequencies(tokens, {"t": [STARS_39]}, by=None)
            assert counts["count"].tolist() == [1]

    def test_the_store_search_gets_it(self, tmp_path):
        folder = tmp_path / "texts"
        folder.mkdir()
        (folder / "a.txt").write_text(" ".join(TERMS) + ".\n", encoding="utf-8")
        store = cnb.load_corpus(folder, store=tmp_path / "store")
        with _guard():
            assert len(cnb.kwic(store, STARS_39)) == 1


class TestPatternCap:
    def test_a_long_pattern_is_refused_naming_the_setting(self):
        with pytest.raises(ValueError, match=r"1,001 characters.*cap of 1,000.*"
                                             r"CORPUSNB_MAX_PATTERN_CHARS"):
            compile_element("a" * 1001)
        with pytest.raises(ValueError, match="CORPUSNB_MAX_PATTERN_CHARS"):
            split_pattern("ab " * 400)
        assert compile_element("a" * 1000).fullmatch("a" * 1000)

    def test_regular_expressions_are_capped_too(self):
        tokens = pd.DataFrame({"doc_id": ["d"], "section": 0, "sent": 0, "i": [0],
                               "start": [0], "end": [1], "norm": ["a"]})
        with pytest.raises(ValueError, match="CORPUSNB_MAX_PATTERN_CHARS"):
            find(tokens, "a" * 1001, regex=True)

    def test_the_setting_raises_the_cap(self, monkeypatch):
        monkeypatch.setenv("CORPUSNB_MAX_PATTERN_CHARS", "2000")
        assert compile_element("a" * 1500).fullmatch("a" * 1500)
        monkeypatch.setenv("CORPUSNB_MAX_PATTERN_CHARS", "10")
        with pytest.raises(ValueError, match="11 characters.*cap of 10"):
            compile_element("separatism*")

    def test_a_bad_setting_is_named(self, monkeypatch):
        monkeypatch.setenv("CORPUSNB_MAX_PATTERN_CHARS", "lots")
        with pytest.raises(ValueError, match=re.escape("CORPUSNB_MAX_PATTERN_CHARS='lots' is "
                                                       "not a positive whole number")):
            compile_element("a")


# ---------------------------------------------------------------- paths (item 6)

import os  # noqa: E402
import zipfile  # noqa: E402

from corpusnb import limits  # noqa: E402

from corpusnb.text import readers
from corpusnb._errors import CorpusError, CorpusWarning  # noqa: E402
from tests.documents import write_docx, write_pdf  # noqa: E402
from tests.speeches import write_speeches  # noqa: E402

SPEECH_IDS = ["1789-Washington", "1793-Washington", "1797-Adams", "1801-Jefferson",
              "1945-Truman", "1961-Kennedy", "2001-Bush", "2009-Obama"]


@pytest.fixture
def speeches(tmp_path):
    """The speech corpus in ``tmp_path/speeches``, and a secret file beside (outside) it."""
    folder = tmp_path / "speeches"
    write_speeches(folder, big5=False, readme=False)
    (tmp_path / "secret.txt").write_text("root:x:0:0:the secret\n", encoding="utf-8")
    return folder


def _catalog(folder, *files):
    (folder / "catalog.toml").write_text(
        "".join(f'[[document]]\nfile = "{name}"\ndoc_id = "d{k}"\n\n'
                for k, name in enumerate(files)), encoding="utf-8")


class TestPathsOutsideTheFolder:
    @pytest.mark.parametrize("entry", ["../secret.txt", "../../../../../../../etc/passwd",
                                       "sub/../../secret.txt"])
    def test_a_catalog_entry_that_climbs_out_is_refused(self, speeches, entry):
        _catalog(speeches, "1789-Washington.txt", entry)
        with pytest.raises(CorpusError, match=re.escape(
                f"the catalog in {speeches} lists {entry!r} (doc_id 'd1'), which leads to ")
                + r".*outside the corpus folder"):
            cnb.load_corpus(speeches)

    def test_an_absolute_entry_is_refused(self, speeches):
        secret = speeches.parent / "secret.txt"
        _catalog(speeches, str(secret))
        with pytest.raises(CorpusError, match=re.escape(
                f"lists {str(secret)!r} (doc_id 'd0'), an absolute path; name the file by "
                "its path from the corpus folder")):
            cnb.load_corpus(speeches)

    def test_a_csv_catalog_entry_that_climbs_out_is_refused(self, speeches):
        (speeches / "catalog.csv").write_text("file,doc_id\n../secret.txt,leak\n",
                                              encoding="utf-8")
        with pytest.raises(CorpusError, match=r"lists '\.\./secret\.txt' \(doc_id 'leak'\), "
                                              r"which leads to .*secret\.txt, outside"):
            cnb.load_corpus(speeches)

    def test_a_link_to_a_file_outside_is_refused(self, speeches):
        (speeches / "leak.txt").symlink_to(speeches.parent / "secret.txt")
        with pytest.raises(CorpusError, match=re.escape(
                f"{speeches / 'leak.txt'} is a link to {speeches.parent / 'secret.txt'}, "
                f"outside the corpus folder {speeches}")):
            cnb.load_corpus(speeches)

    def test_a_catalogued_link_to_a_file_outside_is_refused(self, speeches):
        (speeches / "sub").mkdir()
        (speeches / "sub" / "leak.txt").symlink_to(speeches.parent / "secret.txt")
        _catalog(speeches, "sub/leak.txt")
        with pytest.raises(CorpusError, match="leak.txt is a link to .*secret.txt, outside"):
            cnb.load_corpus(speeches)

    def test_the_store_refuses_them_too(self, speeches, tmp_path):
        _catalog(speeches, "../secret.txt")
        with pytest.raises(CorpusError, match=r"lists '\.\./secret\.txt' .*outside"):
            cnb.load_corpus(speeches, store=tmp_path / "store")
        written = [p for p in (tmp_path / "store").rglob("*") if p.is_file()]
        assert not any(b"the secret" in p.read_bytes() for p in written)

    def test_a_nul_in_an_entry_is_no_such_file(self, speeches):
        _catalog(speeches, "2009-Obama.txt\\u0000.txt")
        with pytest.raises(CorpusError, match=r"lists '2009-Obama\.txt\\x00\.txt' \(doc_id "
                                              r"'d0'\), but there is no such file"):
            cnb.load_corpus(speeches)

    def test_links_inside_the_folder_are_read(self, speeches):
        (speeches / "again.txt").symlink_to(speeches / "2009-Obama.txt")
        corpus = cnb.load_corpus(speeches)
        assert corpus.ids == SPEECH_IDS + ["again"]
        assert corpus["again"].text == corpus["2009-Obama"].text

    def test_a_corpus_folder_that_is_itself_a_link(self, speeches, tmp_path):
        (tmp_path / "linked").symlink_to(speeches)
        assert cnb.load_corpus(tmp_path / "linked").ids == SPEECH_IDS


class TestEntriesNotRead:
    """A link to a folder, a loop, a dangling link, a FIFO: skipped, and said so."""

    def _loaded(self, folder):
        with pytest.warns(CorpusWarning) as caught, _guard():
            corpus = cnb.load_corpus(folder)
        assert corpus.ids == SPEECH_IDS
        (message,) = [str(w.message) for w in caught if "corpusnb reads: " in str(w.message)]
        return message

    def test_a_linked_folder_is_named(self, speeches, tmp_path):
        (tmp_path / "more").mkdir()
        (tmp_path / "more" / "1990-Other.txt").write_text("Other.\n", encoding="utf-8")
        (speeches / "more").symlink_to(tmp_path / "more")
        assert self._loaded(speeches) == (
            f"{speeches}: skipped 1 entry that is not a file corpusnb reads: more (a link to "
            "a folder, which corpusnb does not follow); to include their texts, copy the "
            "files themselves into the folder")

    def test_the_store_shows_the_warning(self, speeches, tmp_path):
        (speeches / "self").symlink_to(speeches)
        with pytest.warns(CorpusWarning, match=r"skipped 1 entry that is not a file corpusnb reads: self \(a link to a "
                                               r"folder, which corpusnb does not follow\)"):
            store = cnb.load_corpus(speeches, store=tmp_path / "store")
        assert store.ids == SPEECH_IDS

    def test_loops_dangling_links_and_a_fifo_are_named(self, speeches):
        (speeches / "loop.txt").symlink_to(speeches / "loop.txt")
        (speeches / "a.txt").symlink_to(speeches / "b.txt")
        (speeches / "b.txt").symlink_to(speeches / "a.txt")
        (speeches / "gone.txt").symlink_to(speeches / "nowhere.txt")
        os.mkfifo(speeches / "pipe.txt")
        message = self._loaded(speeches)
        loop = "a link that loops or leads nowhere"
        assert message.startswith(
            f"{speeches}: skipped 5 entries that are not files corpusnb reads: a.txt ({loop}); "
            f"b.txt ({loop}); gone.txt ({loop}); loop.txt ({loop}); pipe.txt (not a regular "
            "file but a FIFO, socket or device); ")

    def test_a_fifo_as_the_corpus_path(self, tmp_path):
        os.mkfifo(tmp_path / "pipe.txt")
        with _guard(), pytest.raises(CorpusError, match="pipe.txt is not a regular file but a "
                                                        "FIFO, socket or device"):
            cnb.load_corpus(tmp_path / "pipe.txt")


class TestCatalogs:
    """Item 9: a catalog is read only as a regular file inside the folder, under a cap."""

    def test_a_fifo_named_catalog_csv(self, speeches):
        os.mkfifo(speeches / "catalog.csv")
        with _guard(), pytest.raises(CorpusError, match=re.escape(
                f"{speeches / 'catalog.csv'} is not a regular file but a FIFO, socket or "
                "device, not a catalog")):
            cnb.load_corpus(speeches)

    def test_a_catalog_linked_to_dev_zero(self, speeches):
        (speeches / "catalog.toml").symlink_to("/dev/zero")
        with _guard(), pytest.raises(CorpusError, match=r"catalog\.toml is not a regular "
                                                        r"file but a FIFO, socket or device"):
            cnb.load_corpus(speeches)

    def test_a_catalog_linked_outside(self, speeches):
        outside = speeches.parent / "catalog.toml"
        outside.write_text('[[document]]\nfile = "2009-Obama.txt"\n', encoding="utf-8")
        (speeches / "catalog.toml").symlink_to(outside)
        with pytest.raises(CorpusError, match=re.escape(
                f"{speeches / 'catalog.toml'} is a link to {outside}, outside the corpus "
                "folder")):
            cnb.load_corpus(speeches)

    def test_a_looping_catalog_is_not_taken_for_none(self, speeches):
        (speeches / "catalog.toml").symlink_to(speeches / "catalog.toml")
        with pytest.raises(CorpusError, match=r"catalog\.toml is a link that loops or leads "
                                              r"nowhere, not a catalog"):
            cnb.load_corpus(speeches)

    def test_the_cap_and_its_setting(self, speeches, monkeypatch):
        _catalog(speeches, *(f"{k}.txt" for k in SPEECH_IDS))
        size = (speeches / "catalog.toml").stat().st_size
        monkeypatch.setenv("CORPUSNB_MAX_CATALOG_BYTES", str(size - 1))
        with pytest.raises(CorpusError, match=re.escape(
                f"catalog.toml is larger than the cap for a catalog ({size:,} bytes, cap "
                f"{size - 1:,}); if it is right, raise the cap with the environment variable "
                "CORPUSNB_MAX_CATALOG_BYTES")):
            cnb.load_corpus(speeches)
        monkeypatch.setenv("CORPUSNB_MAX_CATALOG_BYTES", str(size))
        assert cnb.load_corpus(speeches).ids == [f"d{k}" for k in range(8)]

    def test_the_default_cap(self):
        assert limits.limit("catalog") == 16 * 2**20

    def test_read_capped_never_blocks_on_a_fifo(self, tmp_path):
        os.mkfifo(tmp_path / "catalog.csv")
        with _guard(), pytest.raises(CorpusError, match="is not a regular file"):
            limits.read_capped(tmp_path / "catalog.csv", "catalog", "a catalog")


# ---------------------------------------------------------------- Word and PDF (items 9, 11)

_PARAGRAPH = "<w:p><w:r><w:t>Autonomy now.</w:t></w:r></w:p>"


def _rezipped(path, replace: dict[str, bytes]):
    """Rewrite a real .docx with some parts replaced or added (deflated: a part of
    repeated XML compresses to almost nothing, as a zip bomb's does)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(replace)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _bomb(path, paragraphs: int):
    """A real .docx whose body is ``paragraphs`` copies of one paragraph."""
    write_docx(path, ["Autonomy now."])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count(_PARAGRAPH) == 1
    return _rezipped(path, {"word/document.xml":
                            xml.replace(_PARAGRAPH, _PARAGRAPH * paragraphs).encode("utf-8")})


def _part_size(path, name: str) -> int:
    with zipfile.ZipFile(path) as archive:
        return archive.getinfo(name).file_size


class TestDocxCaps:
    def test_a_zip_bomb_is_refused_before_it_is_unzipped(self, tmp_path, monkeypatch):
        """Default cap: 17 MiB of XML in a file of some 40 KB; python-docx never opens it."""
        path = _bomb(tmp_path / "bomb.docx", 17 * 2**20 // len(_PARAGRAPH))
        size = _part_size(path, "word/document.xml")
        assert path.stat().st_size < 200_000 < 16 * 2**20 < size

        def opened(*_):
            raise AssertionError("the bomb was unzipped")

        monkeypatch.setattr(readers, "_open_docx", opened)
        with pytest.raises(CorpusError, match=re.escape(
                f"{path}: its part word/document.xml unzips to {size:,} bytes of XML, over "
                f"the cap of {16 * 2**20:,} (a damaged or malicious file, a \"zip bomb\"?); "
                "if the document is genuine, raise the cap with the environment variable "
                "CORPUSNB_MAX_XML_BYTES, or save it as .txt")):
            cnb.load_corpus(path)

    def test_the_xml_setting_raises_the_cap(self, tmp_path, monkeypatch):
        path = _bomb(tmp_path / "long.docx", 10_000)  # its XML outgrows styles.xml
        size = _part_size(path, "word/document.xml")
        monkeypatch.setenv("CORPUSNB_MAX_XML_BYTES", str(size - 1))
        with pytest.raises(CorpusError, match="CORPUSNB_MAX_XML_BYTES"):
            readers.read_docx(path)
        monkeypatch.setenv("CORPUSNB_MAX_XML_BYTES", str(size))
        text, _ = readers.read_docx(path)
        assert text == "\n\n".join(["Autonomy now."] * 10_000) + "\n"

    def test_all_parts_together_are_capped(self, tmp_path, monkeypatch):
        path = _rezipped(write_docx(tmp_path / "pictures.docx", ["Autonomy now."]),
                         {"word/media/image1.png": bytes(300_000)})
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
        monkeypatch.setenv("CORPUSNB_MAX_UNZIPPED_BYTES", str(total - 1))
        with pytest.raises(CorpusError, match=re.escape(
                f"{path}: it unzips to {total:,} bytes, over the cap of {total - 1:,}")
                + ".*CORPUSNB_MAX_UNZIPPED_BYTES"):
            readers.read_docx(path)
        monkeypatch.setenv("CORPUSNB_MAX_UNZIPPED_BYTES", str(total))
        assert readers.read_docx(path)[0] == "Autonomy now.\n"

    def test_the_defaults(self):
        assert (limits.limit("xml"), limits.limit("unzipped")) == (16 * 2**20, 256 * 2**20)


class TestPdfCap:
    def test_a_text_layer_over_the_cap(self, tmp_path, monkeypatch):
        import pypdf

        path = write_pdf(tmp_path / "long.pdf", [["Autonomy now."], ["Self-rule is near."],
                                                 ["The end."]])
        lengths = [len(page.extract_text()) for page in pypdf.PdfReader(path).pages]
        monkeypatch.setenv("CORPUSNB_MAX_UNZIPPED_BYTES", str(sum(lengths[:2]) - 1))
        with pytest.raises(CorpusError, match=re.escape(
                f"{path}: by page 2, its text layer holds {sum(lengths[:2]):,} characters, "
                f"over the cap of {sum(lengths[:2]) - 1:,}") + ".*CORPUSNB_MAX_UNZIPPED_BYTES"):
            readers.read_pdf(path)
        monkeypatch.setenv("CORPUSNB_MAX_UNZIPPED_BYTES", str(sum(lengths)))
        assert readers.read_pdf(path)[0].startswith("Autonomy now.")


def _with_entity(path, text: str):
    """A real .docx whose one paragraph is ``text``, with a DTD declaring ``&e;``."""
    write_docx(path, ["PLACEHOLDER"])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    end = xml.index("?>") + 2
    xml = xml[:end] + '<!DOCTYPE w:document [<!ENTITY e "EXPANDED">]>' + xml[end:]
    return _rezipped(path, {"word/document.xml": xml.replace("PLACEHOLDER", text).encode()})


class TestDocxEntities:
    def test_the_text_after_an_entity_is_kept_and_the_entity_named(self, tmp_path):
        path = _with_entity(tmp_path / "entity.docx", "Autonomy &e; now, &e; and &amp; more.")
        with pytest.warns(CorpusWarning, match=re.escape(
                f"{path} has XML entity references &e;, which corpusnb does not expand")):
            text, _ = readers.read_docx(path)
        assert text == "Autonomy now, and & more.\n"  # &amp; is a character, not an entity

    def test_through_load_corpus(self, tmp_path):
        _with_entity(tmp_path / "entity.docx", "Autonomy &e; now.")
        with pytest.warns(CorpusWarning, match="entity references &e;"):
            corpus = cnb.load_corpus(tmp_path)
        assert corpus["entity"].text == "Autonomy now.\n"

    def test_no_warning_without_entities(self, tmp_path, recwarn):
        readers.read_docx(write_docx(tmp_path / "plain.docx", ["Autonomy &amp; now."]))
        assert not [w for w in recwarn if issubclass(w.category, CorpusWarning)]


def test_a_part_that_inflates_past_its_declared_size_is_not_read_past_it(tmp_path):
    """A bomb that lies about its sizes: zipfile stops at the declared size and fails
    the part's checksum, so the caps on declared sizes bound what is unzipped."""
    import struct

    path = _bomb(tmp_path / "liar.docx", 20_000)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local, central
        start = data.find(signature)
        while start != -1:
            name_length = struct.unpack_from("<H", data, start + (26 if offset == 22 else 28))[0]
            name_at = start + (30 if offset == 22 else 46)
            if data[name_at:name_at + name_length] == b"word/document.xml":
                struct.pack_into("<I", data, start + offset, 1000)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    assert _part_size(path, "word/document.xml") == 1000
    with pytest.raises(CorpusError, match=re.escape(
            f"{path} is not a Word .docx file that can be read (BadZipFile: Bad CRC-32 for "
            "file 'word/document.xml')")):
        readers.read_docx(path)


# ---------------------------------------------------------------- theme files (item 10)

class TestThemeFiles:
    @pytest.mark.parametrize("extra, named", [
        ('exclude = ["separate"]\n', "exclude"), ("regex = true\n", "regex"),
        ('lable = "Separatism"\n', "lable"),
        ('lable = "S"\nexclude = ["x"]\n', "lable, exclude"),
    ])
    def test_an_unknown_key_is_named_with_the_valid_ones(self, tmp_path, extra, named):
        path = tmp_path / "mine.toml"
        path.write_text(f'[separatism]\npatterns = ["separatis*"]\n{extra}', "utf-8")
        with pytest.raises(CorpusError, match=re.escape(
                f"{path}: theme [separatism] has unknown key(s) {named}; the keys of a theme "
                "are label, description, patterns (fix the spelling, or remove the key: "
                "corpusnb has no other theme setting)") + "$"):
            cnb.load_themes(path)

    def test_the_shipped_themes_have_only_known_keys(self):
        assert len(cnb.load_themes()) >= 12

    def test_a_pattern_over_the_cap_names_the_theme(self, tmp_path):
        path = tmp_path / "mine.toml"
        path.write_text(f'[war]\npatterns = ["war*", "{"*a" * 501}"]\n', "utf-8")
        with pytest.raises(CorpusError, match=re.escape(
                f"{path}: theme [war], pattern 2 has 1,002 characters, over the cap of 1,000; "
                "shorten it, or raise the cap with the environment variable "
                "CORPUSNB_MAX_PATTERN_CHARS")):
            cnb.load_themes(path)

    def test_a_fifo_or_a_device_is_refused_unread(self, tmp_path):
        os.mkfifo(tmp_path / "themes.toml")
        with _guard(), pytest.raises(CorpusError, match="themes.toml is not a regular file"):
            cnb.load_themes(tmp_path / "themes.toml")
        with _guard(), pytest.raises(CorpusError, match="/dev/zero is not a regular file"):
            cnb.load_themes("/dev/zero")

    def test_a_theme_file_over_the_cap(self, tmp_path, monkeypatch):
        path = tmp_path / "mine.toml"
        path.write_text('[war]\npatterns = ["war*"]\n', "utf-8")
        monkeypatch.setenv("CORPUSNB_MAX_CATALOG_BYTES", "10")
        with pytest.raises(CorpusError, match=re.escape(
                f"{path} is larger than the cap for a theme file (26 bytes, cap 10)")):
            cnb.load_themes(path)
