"""The words full-text search indexes and matches: stemmed in the document's language, folded.

SQLite's unicode61 tokenizer folds ü to u and å to a but leaves æ, ø and ß alone and never reads
"ue" as ü, so both the indexed text and every query pass through the same `fold`. Queries are
stemmed in every language with a pipeline, because a query does not say its language.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import snowballstemmer

from minutes.vocab import languages, load_vocabulary

WORD = re.compile(r"\w+")
# Letters that Unicode does not decompose into a base letter and a mark.
LIGATURES = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l"})


@cache
def _stemmer(lang: str):
    return snowballstemmer.stemmer(load_vocabulary(lang)["search"]["stemmer"])


def fold(word: str) -> str:
    """Lower case, without diacritics: "Bøgelund" → "bogelund", "Straße" → "strasse"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Words repeat (Zipf): remembering the term of each word makes indexing a long protocol 20× faster.
@lru_cache(maxsize=500_000)
def _term(word: str, lang: str | None) -> str:
    word = word.casefold()
    return fold(_stemmer(lang).stemWord(word) if lang in languages() else word)


def index_text(text: str, lang: str | None) -> str:
    """The text as search terms: each word stemmed in `lang` (when it has a pipeline) and folded."""
    return " ".join(_term(word, lang) for word in WORD.findall(text))


def match_query(query: str) -> str:
    """An FTS5 MATCH expression: every word must occur, in any language's stemmed form."""
    terms = []
    for word in WORD.findall(query):
        forms = {fold(word)} | {fold(_stemmer(lang).stemWord(word.casefold())) for lang in languages()}
        terms.append("(" + " OR ".join(f'"{form}"' for form in sorted(forms)) + ")")
    return " AND ".join(terms)
