"""Word tokens, sentences and the token table."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import simplemma
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpusnb as cnb
from corpusnb import CorpusWarning
from corpusnb.tokens import TOKEN_COLUMNS, _sentence_spans, _splitter

# mutmut runs the suite twice in one process (to time it, then to check it), so a
# @given method meets two instances of its class; the classes hold no state.
_MUTMUT = [HealthCheck.differing_executors]

WORD_CASES = [
    ("Russia’s multi-vectorism", ["Russia", "’s", "multi-vectorism"]),
    ("Russia's elites", ["Russia", "'s", "elites"]),
    ("post-Soviet self-determination", ["post-Soviet", "self-determination"]),
    ("ethno-political de-facto hyper-presidential",
     ["ethno-political", "de-facto", "hyper-presidential"]),
    ("Astana’s multi-vectorness and multi-vector policy",
     ["Astana", "’s", "multi-vectorness", "and", "multi-vector", "policy"]),
    ("‘Krym Nash’ – ‘Crimea is Ours’", ["Krym", "Nash", "Crimea", "is", "Ours"]),
    ("“breakup” discourse", ["breakup", "discourse"]),
    ("first—which until 2010", ["first", "which", "until", "2010"]),
    ("514,000 have been displaced", ["514,000", "have", "been", "displaced"]),
    ("after 9/11, prices", ["after", "9/11", "prices"]),
    ("£19.99 and $109 per barrel", ["19.99", "and", "109", "per", "barrel"]),
    ("the mid-1990s and 2000s", ["the", "mid-1990s", "and", "2000s"]),
    ("the U.S. role and U.S global", ["the", "U.S.", "role", "and", "U.S", "global"]),
    ("e.g. trade, i.e. oil", ["e.g.", "trade", "i.e.", "oil"]),
    ("Kuchins et al., 2015", ["Kuchins", "et", "al", "2015"]),
    ("they weren’t killed", ["they", "weren’t", "killed"]),
    ("the countries’ borders", ["the", "countries", "borders"]),
    ("it's O’Brien", ["it", "'s", "O’Brien"]),
    ("Казахстан и Қазақстан: Нұрсұлтан", ["Казахстан", "и", "Қазақстан", "Нұрсұлтан"]),
    ("(Kuchins, 2015: p. 2)", ["Kuchins", "2015", "p", "2"]),
    ("...  --  !!", []),
]


class TestWords:
    @pytest.mark.parametrize(("text", "expected"), WORD_CASES)
    def test_tokens(self, text, expected):
        assert [token for _, _, token in cnb.words(text)] == expected

    @pytest.mark.parametrize(("text", "expected"), WORD_CASES)
    def test_offsets(self, text, expected):
        for start, end, token in cnb.words(text):
            assert text[start:end] == token

    @settings(max_examples=300, deadline=None, suppress_health_check=_MUTMUT)
    @given(st.text())
    def test_never_raises_and_keeps_offsets(self, text):
        last_end = 0
        for start, end, token in cnb.words(text):
            assert text[start:end] == token and token
            assert start >= last_end
            last_end = end


class TestNormalize:
    @pytest.mark.parametrize(("word", "norm"), [
        ("Russia’s", "russia's"), ("Post‑Soviet", "post-soviet"), ("ПУТИН", "путин"),
        ("Straße", "strasse"), ("Cafe\u0301", "café"),
    ])
    def test_norm(self, word, norm):
        assert cnb.normalize(word) == norm


class TestStopwords:
    def test_shipped_list(self):
        stop = cnb.stopwords()
        assert len(stop) == 180
        assert {"the", "of", "'s", "weren't"} <= stop
        assert "russia" not in stop

    def test_extend(self):
        assert {"putin", "russia"} <= cnb.stopwords(["Putin", "Russia"])

    def test_russian_list(self):
        stop = cnb.stopwords(language="ru")
        assert len(stop) == 151  # NLTK's "russian", the Snowball list
        assert {"и", "в", "что", "не", "на", "ее", "еще", "между"} <= stop
        assert not {"the", "россия", "человек", "сказал", "её"} & stop

    def test_kazakh_list(self):
        stop = cnb.stopwords(language="kk")
        assert len(stop) == 276  # NLTK's "kazakh" without its repeats
        assert {"мен", "бұл", "үшін", "туралы", "бірақ", "сенен", "онан"} <= stop
        assert "сенен\tонан" not in stop and "и" not in stop

    def test_default_is_english_and_extra_is_normalised(self):
        assert cnb.stopwords() == cnb.stopwords(language="en")
        assert "путин" in cnb.stopwords(["ПУТИН"], language="ru")

    def test_unsupported_language(self):
        with pytest.raises(ValueError, match=r"no stopword list for language 'de'.*en, ru, kk"):
            cnb.stopwords(language="de")


SENTENCE_TEXT = (
    "Kuchins et al. argue that the EU matters to Astana. See p. 4 and pp. 7–9 of the report. "
    "The journal No. 4 appeared in 2012. Some data, e.g. trade figures, count. "
    "The U.S. role grew in St Petersburg and elsewhere. It ended.\n"
    "A heading\n"
    "Another paragraph starts here. It has two sentences."
)
SENTENCES = [
    "Kuchins et al. argue that the EU matters to Astana.",
    "See p. 4 and pp. 7–9 of the report.",
    "The journal No. 4 appeared in 2012.",
    "Some data, e.g. trade figures, count.",
    "The U.S. role grew in St Petersburg and elsewhere.",
    "It ended.",
    "A heading",
    "Another paragraph starts here.",
    "It has two sentences.",
]


class TestSentences:
    def test_abbreviations_do_not_end_sentences(self, tmp_path):
        (tmp_path / "s.txt").write_text(SENTENCE_TEXT, encoding="utf-8")
        sents = cnb.sentences(cnb.load_corpus(tmp_path))
        assert sents["text"].tolist() == SENTENCES
        assert sents["sent"].tolist() == list(range(9))
        assert sents.columns.tolist() == ["doc_id", "sent", "start", "end", "text"]

    def test_spaced_ellipsis_stays_in_its_sentence(self, tmp_path):
        text = "It is punctuated by . . . ‘strategic deadlines’. Those matter."
        (tmp_path / "e.txt").write_text(text, encoding="utf-8")
        assert cnb.sentences(cnb.load_corpus(tmp_path))["text"].tolist() == [
            "It is punctuated by . . . ‘strategic deadlines’.", "Those matter."]

    def test_learned_false_abbreviations_are_rejected(self, seed_corpus):
        splitter = _splitter(seed_corpus)
        assert splitter.rejected_abbreviations == {"ago", "fad"}
        assert {"al", "p", "pp", "e.g", "i.e", "u.s", "no"} <= splitter._params.abbrev_types

    def test_seed_sentences(self, seed_corpus, seed_sentences):
        counts = seed_sentences.groupby("doc_id").size().to_dict()
        assert counts == {"markedonov-2012": 210, "lrb-2015": 133, "kazakhstan-eu-2018": 226}
        for doc_id, start, end, text in seed_sentences[
                ["doc_id", "start", "end", "text"]].itertuples(index=False):
            assert seed_corpus[doc_id].text[start:end] == text
            assert not text.endswith((" al.", " p.", " pp.", " No.", "e.g.", "i.e."))

    @settings(max_examples=100, deadline=None, suppress_health_check=_MUTMUT)
    @given(st.text())
    def test_splitter_never_raises(self, seed_corpus, text):
        for start, end in _sentence_spans(text, _splitter(seed_corpus)):
            assert 0 <= start < end <= len(text)


class TestTokenize:
    def test_columns_and_types(self, seed_tokens):
        assert seed_tokens.columns.tolist() == TOKEN_COLUMNS
        for column in ("doc_id", "token", "norm", "lemma"):
            assert isinstance(seed_tokens[column].dtype, pd.CategoricalDtype)
        assert seed_tokens["is_stop"].dtype == bool

    def test_offset_invariant_on_every_document(self, seed_corpus, seed_tokens):
        for doc in seed_corpus:
            rows = seed_tokens[seed_tokens["doc_id"] == doc.id]
            tokens = rows["token"].astype(str).tolist()
            assert [doc.text[s:e] for s, e in zip(rows["start"], rows["end"])] == tokens
            assert rows["i"].tolist() == list(range(len(rows)))
            assert [t for _, _, t in cnb.words(doc.text)] == tokens

    def test_counts_per_document(self, seed_tokens):
        assert seed_tokens.groupby("doc_id", observed=True).size().to_dict() == {
            "markedonov-2012": 4789, "lrb-2015": 4703, "kazakhstan-eu-2018": 8169}

    def test_tokens_fall_inside_their_sentence_and_section(self, seed_corpus, seed_tokens,
                                                          seed_sentences):
        merged = seed_tokens.merge(seed_sentences, on=["doc_id", "sent"],
                                   suffixes=("", "_sent"))
        assert len(merged) == len(seed_tokens)
        assert ((merged["start"] >= merged["start_sent"])
                & (merged["end"] <= merged["end_sent"])).all()
        sections = seed_corpus.sections
        merged = seed_tokens.merge(sections, on=["doc_id", "section"], suffixes=("", "_sec"))
        assert len(merged) == len(seed_tokens)
        assert ((merged["start"] >= merged["start_sec"])
                & (merged["end"] <= merged["end_sec"])).all()

    def test_kazakhstan_tokens_by_section(self, seed_tokens):
        kz = seed_tokens[seed_tokens["doc_id"] == "kazakhstan-eu-2018"]
        assert sorted(kz["section"].unique().tolist()) == [1, 2, 3, 4, 5]
        first = kz.iloc[0]
        assert (first.token, first.section, first.sent) == ("Introduction", 1, 0)

    def test_norm_lemma_stop(self, seed_tokens):
        row = seed_tokens[seed_tokens["token"] == "Russia’s"]
        assert row.empty  # the possessive is split off
        poss = seed_tokens[seed_tokens["token"] == "’s"]
        assert set(poss["norm"].astype(str)) == {"'s"} and poss["is_stop"].all()
        by_norm = seed_tokens.drop_duplicates("norm").set_index("norm")
        assert by_norm.loc["countries", "lemma"] == "country"
        assert by_norm.loc["russia", "lemma"] == "russia"
        assert by_norm.loc["multi-vectorism", "is_stop"] == np.False_
        assert by_norm.loc["the", "is_stop"] == np.True_

    def test_corpus_of_finds_a_corpus_still_held_after_16_others(self, tiny_folder):
        corpus = cnb.load_corpus(tiny_folder)
        tokens = cnb.tokenize(corpus)
        others = [cnb.load_corpus(tiny_folder) for _ in range(17)]
        for other in others:
            cnb.tokenize(other)
        assert cnb.corpus_of(tokens) is corpus

    def test_extra_stopwords(self, seed_corpus):
        tokens = cnb.tokenize(seed_corpus, extra_stopwords=["Russia"])
        assert tokens.loc[tokens["norm"] == "russia", "is_stop"].all()


# ------------------------------------------------ Russian, Kazakh and mixed corpora

RU_SENTENCE_TEXT = (
    "Договор подписали в 2012 г. Затем он вступил в силу. Стороны затем обсудили "
    "таможенный союз, и он был создан.\n"
    "Переговоры шли долго, и т. д. Затем стороны встретились снова. В 2014 г. Россия "
    "изменила позицию. Это сделал я. Потом всё изменилось, а потом снова.\n"
    "Его подготовил В. В. Путин, т. е. президент России. Н. А. Назарбаев выступил в Астане. "
    "В XX в. Россия пережила распад. Такое часто бывает, напр. в Азии. См. табл. 2 и рис. 3. "
    "Сумма составила 5 млрд. руб. в год. Проф. Иванов пишет о коррупции.\n"
)
RU_SENTENCES = [
    "Договор подписали в 2012 г.",          # "затем" is written in lower case inside
    "Затем он вступил в силу.",              # sentences: a sentence starts here
    "Стороны затем обсудили таможенный союз, и он был создан.",
    "Переговоры шли долго, и т. д.",
    "Затем стороны встретились снова.",
    "В 2014 г. Россия изменила позицию.",    # a name after "г.": no break
    "Это сделал я.",                         # a one-letter word, not an abbreviation
    "Потом всё изменилось, а потом снова.",
    "Его подготовил В. В. Путин, т. е. президент России.",
    "Н. А. Назарбаев выступил в Астане.",   # initials not in the abbreviation list
    "В XX в. Россия пережила распад.",
    "Такое часто бывает, напр. в Азии.",
    "См. табл. 2 и рис. 3.",
    "Сумма составила 5 млрд. руб. в год.",
    "Проф. Иванов пишет о коррупции.",
]
KK_SENTENCE_TEXT = (
    "Қазақстан 1991 ж. тәуелсіздік алды. Н. Ә. Назарбаев елдің тұңғыш президенті болды. "
    "Ел Ресеймен, Қытаймен т.б. елдермен қарым-қатынас орнатты. Содан кейін Астана қ. "
    "елордаға айналды.\n"
)
KK_SENTENCES = [
    "Қазақстан 1991 ж. тәуелсіздік алды.",
    "Н. Ә. Назарбаев елдің тұңғыш президенті болды.",
    "Ел Ресеймен, Қытаймен т.б. елдермен қарым-қатынас орнатты.",
    "Содан кейін Астана қ. елордаға айналды.",
]


@pytest.fixture
def ru_kk_corpus(tmp_path):
    (tmp_path / "ru.txt").write_text(RU_SENTENCE_TEXT, encoding="utf-8")
    (tmp_path / "kk.txt").write_text(KK_SENTENCE_TEXT, encoding="utf-8")
    return cnb.load_corpus(tmp_path)


class TestSentencesByLanguage:
    def test_russian(self, ru_kk_corpus):
        sents = cnb.sentences(ru_kk_corpus)
        assert sents.loc[sents["doc_id"] == "ru", "text"].tolist() == RU_SENTENCES

    def test_kazakh(self, ru_kk_corpus):
        sents = cnb.sentences(ru_kk_corpus)
        assert sents.loc[sents["doc_id"] == "kk", "text"].tolist() == KK_SENTENCES

    def test_detected_when_the_metadata_has_no_language(self, ru_kk_corpus):
        for doc in ru_kk_corpus:
            del doc.meta["language"]
        sents = cnb.sentences(ru_kk_corpus)
        assert sents["doc_id"].unique().tolist() == ["kk", "ru"]
        assert sents["text"].tolist() == KK_SENTENCES + RU_SENTENCES

    def test_one_splitter_per_language(self, ru_kk_corpus):
        ru, kk = _splitter(ru_kk_corpus, "ru"), _splitter(ru_kk_corpus, "kk")
        assert {"г", "т", "е", "т.е", "млрд", "проф"} <= ru._params.abbrev_types
        assert {"ж", "т.б", "қ"} <= kk._params.abbrev_types
        assert "напр" not in kk._params.abbrev_types
        # Punkt learned "я" as an abbreviation; the corpus writes "потом" in lower case, so
        # the capital of "Потом" after "я." starts a sentence: rejected (Cyrillic words count).
        # "н" ("Н. А.", and "а" is lower case elsewhere) too: the initials rule keeps "Н. А."
        assert ru.rejected_abbreviations == {"я", "н"}
        with pytest.raises(KeyError):
            _splitter(ru_kk_corpus, "en")

    def test_english_rules_unchanged_beside_russian(self, tmp_path):
        (tmp_path / "s.txt").write_text(SENTENCE_TEXT, encoding="utf-8")
        (tmp_path / "ru.txt").write_text(RU_SENTENCE_TEXT, encoding="utf-8")
        sents = cnb.sentences(cnb.load_corpus(tmp_path))
        assert sents.loc[sents["doc_id"] == "s", "text"].tolist() == SENTENCES
        assert sents.loc[sents["doc_id"] == "ru", "text"].tolist() == RU_SENTENCES


RU_TEXT = (
    "Коррупция и сепаратизм в республиках.\n"
    "Эксперты считают, что коррупция в республиках растёт, а сепаратизм нет.\n"
    "Коррупция — это не только взятки. Её не видно, но она ещё не всё решает.\n"
)
# counted by hand: 29 word tokens (5 + 10 + 5 + 9); stopwords of the Russian list:
# и, в (2), что, а, нет, не (3), только, но, она, её (ее), ещё (еще), всё (все) = 15
RU_CONTENT = {"коррупция": 3, "сепаратизм": 2, "республиках": 2, "эксперты": 1,
              "считают": 1, "растёт": 1, "это": 1, "взятки": 1, "видно": 1, "решает": 1}


@pytest.fixture
def ru_folder(tmp_path):
    (tmp_path / "ru.txt").write_text(RU_TEXT, encoding="utf-8")
    return tmp_path


class TestTokenizeByLanguage:
    def test_russian_frequencies_leave_out_russian_stopwords(self, ru_folder):
        tokens = cnb.tokenize(cnb.load_corpus(ru_folder))
        assert len(tokens) == 29 and tokens["is_stop"].sum() == 15
        freq = cnb.frequencies(tokens)
        assert dict(zip(freq["term"], freq["count"])) == RU_CONTENT
        assert not set(freq["term"]) & cnb.stopwords(language="ru")
        assert freq["term"].iloc[0] == "коррупция"
        assert freq["per_10k"].iloc[0] == pytest.approx(3 / 29 * 1e4)
        assert set(freq["term"].iloc[1:3]) == {"сепаратизм", "республиках"}

    def test_yo_is_read_as_ye_for_russian_stopwords(self, ru_folder):
        tokens = cnb.tokenize(cnb.load_corpus(ru_folder))
        yo = tokens[tokens["norm"].isin(["её", "ещё", "всё"])]
        assert yo["norm"].tolist() == ["её", "ещё", "всё"] and yo["is_stop"].all()
        assert not tokens.loc[tokens["norm"] == "растёт", "is_stop"].any()

    def test_detected_when_the_metadata_has_no_language(self, ru_folder):
        corpus = cnb.load_corpus(ru_folder)
        expected = cnb.tokenize(corpus)
        del corpus["ru"].meta["language"]
        pd.testing.assert_frame_equal(cnb.tokenize(corpus), expected)

    @pytest.mark.parametrize("word", ["республиками", "сепаратистов", "выборах", "была",
                                      "взятки", "коррупции", "России"])
    def test_russian_lemmas_from_simplemma(self, tmp_path, word):
        (tmp_path / "ru.txt").write_text(f"Слово {word} в тексте.", encoding="utf-8")
        tokens = cnb.tokenize(cnb.load_corpus(tmp_path))
        lemma = tokens.loc[tokens["token"] == word, "lemma"].iloc[0]
        assert lemma == simplemma.lemmatize(word.casefold(), lang="ru").casefold()

    def test_russian_lemmas_by_hand(self, ru_folder, tmp_path):
        (tmp_path / "ru.txt").write_text("Республиками правили. Т. е. в республиках.",
                                         encoding="utf-8")
        tokens = cnb.tokenize(cnb.load_corpus(tmp_path))
        assert dict(zip(tokens["norm"], tokens["lemma"])) == {
            "республиками": "республика", "правили": "править", "т": "т", "е": "е",
            "в": "в", "республиках": "республика"}  # one letter: its own lemma, not "тонна"

    def test_kazakh_stopwords_and_lemma_is_norm(self, tmp_path):
        (tmp_path / "kk.txt").write_text("Бұл саясат үшін маңызды. Саясаттың мәні.",
                                         encoding="utf-8")
        tokens = cnb.tokenize(cnb.load_corpus(tmp_path))
        assert tokens["is_stop"].tolist() == [True, False, True, False, False, False]
        assert (tokens["lemma"].astype(str) == tokens["norm"].astype(str)).all()

    def test_mixed_corpus(self, tmp_path):
        (tmp_path / "en.txt").write_text("The letter и means and. The republics voted.",
                                         encoding="utf-8")
        (tmp_path / "ru.txt").write_text("Артикль the и республиками правили.",
                                         encoding="utf-8")
        corpus = cnb.load_corpus(tmp_path)
        assert corpus.metadata["language"].tolist() == ["en", "ru"]
        tokens = cnb.tokenize(corpus)
        rows = {(d, n): (lemma, stop) for d, n, lemma, stop in tokens[
            ["doc_id", "norm", "lemma", "is_stop"]].astype(object).itertuples(index=False)}
        assert rows[("en", "и")] == ("и", False) and rows[("ru", "и")] == ("и", True)
        assert rows[("en", "the")] == ("the", True) and rows[("ru", "the")] == ("the", False)
        assert rows[("en", "republics")] == ("republic", False)
        assert rows[("ru", "республиками")] == ("республика", False)
        assert tokens.columns.tolist() == TOKEN_COLUMNS
        assert str(tokens["lemma"].dtype) == "category" and tokens["is_stop"].dtype == bool

    def test_mixed_corpus_reads_each_document_as_it_would_alone(self, tmp_path):
        (tmp_path / "mixed").mkdir()
        (tmp_path / "alone").mkdir()
        (tmp_path / "alone" / "ru.txt").write_text(RU_TEXT, encoding="utf-8")
        (tmp_path / "mixed" / "a.txt").write_text(
            "Separatism and the state. States were breaking.", encoding="utf-8")
        (tmp_path / "mixed" / "ru.txt").write_text(RU_TEXT, encoding="utf-8")
        mixed = cnb.tokenize(cnb.load_corpus(tmp_path / "mixed"))
        alone = cnb.tokenize(cnb.load_corpus(tmp_path / "alone"))
        ru = mixed[mixed["doc_id"] == "ru"]
        for column in ("token", "norm", "lemma", "is_stop"):
            assert ru[column].astype(object).tolist() == alone[column].astype(object).tolist()

    def test_extra_stopwords_in_every_language(self, tmp_path):
        (tmp_path / "en.txt").write_text("Putin spoke.", encoding="utf-8")
        (tmp_path / "ru.txt").write_text("Путин выступил.", encoding="utf-8")
        tokens = cnb.tokenize(cnb.load_corpus(tmp_path), extra_stopwords=["Putin", "ПУТИН"])
        assert tokens["is_stop"].tolist() == [True, False, True, False]

    def test_unsupported_language_warns_once(self, tmp_path):
        (tmp_path / "a.txt").write_text("The state and the region.", encoding="utf-8")
        (tmp_path / "b.txt").write_text("Der Staat und die Regionen.", encoding="utf-8")
        (tmp_path / "c.txt").write_text("Die Regionen.", encoding="utf-8")
        (tmp_path / "n.txt").write_text("2019 — 2020", encoding="utf-8")
        corpus = cnb.load_corpus(tmp_path)
        corpus["b"].meta["language"] = "de"
        corpus["c"].meta["language"] = "de"
        with pytest.warns(CorpusWarning) as caught:
            tokens = cnb.tokenize(corpus, extra_stopwords=["und"])
        assert len(caught) == 1
        assert "'de': b, c" in str(caught[0].message)
        assert "'und'" not in str(caught[0].message)  # no letters: nothing to lose
        de = tokens[tokens["doc_id"] == "b"]
        assert de["is_stop"].tolist() == [False, False, True, False, False]
        assert de["lemma"].astype(str).tolist() == de["norm"].astype(str).tolist()
        en = tokens[tokens["doc_id"] == "a"]
        assert en["is_stop"].tolist() == [True, False, True, True, False]

    def test_supported_languages_do_not_warn(self, ru_kk_corpus):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            cnb.tokenize(ru_kk_corpus)
