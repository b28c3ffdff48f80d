"""How text becomes search terms, the same on both databases.

Both backends store and match *our* terms: the words lower-cased, informal spellings and typos
replaced by the standard word (the synonym table), then stemmed with the Snowball Indonesian
stemmer, so that "pencairan", "dicairkan" and "cair" all become "cair". Acronyms of the synonym
table (SP2D, SPM, UP, …) are kept whole, never stemmed. A query additionally gains the
acronym of any long form it spells out and the long forms of any acronym it names, so that
"sp2d" and "surat perintah pencairan dana" find each other; that expansion happens at query
time only, so an admin's new acronym works without rebuilding the index.

PostgreSQL's own `indonesian` configuration would stem inside the database, but SQLite has no
such thing; stemming here and storing the terms (matched with PostgreSQL's `simple`
configuration) makes the two backends see exactly the same terms."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

# Words that carry no meaning in a question ("gimana cara ..., yang ... sudah ... belum?").
# Without them an OR query is not drowned by the words every document has; PostgreSQL's rank
# has no inverse document frequency to discount them.
_STOPWORDS = """
    ada adalah agar akan aku anda apa apakah atas atau bagaimana bagi bahwa baru begitu beliau
    belum berapa bisa boleh bu buat cara dalam dan dapat dari dengan di dia dong gimana hal
    harus ini itu jadi jika juga kak kalau kami kamu kan kapan karena ke kenapa kita
    lagi lah mana masih mau melalui mengapa min mohon nya oleh pada pak para saat saja
    sama saya sebagai sedang sehingga sejak seperti siapa silakan sini sudah supaya tanya
    tentang terima kasih tersebut tidak tolong untuk yaitu yang ya selamat pagi siang sore
    malam tsb dgn utk
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# Terms are letters and digits; "210/PMK.05/2022" gives 210, pmk, 05 and 2022.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A query never needs more terms than this; a pasted letter would only slow the search.
MAX_QUERY_TERMS = 40


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("indonesian")


@dataclass(frozen=True)
class Vocabulary:
    """The synonym table as the analyser uses it: lower-case keys."""

    # acronym (lower case) → its long forms, each a tuple of stemmed terms
    acronyms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # informal spelling or typo → the standard word(s)
    informal: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, acronyms: dict[str, list[str]], informal: dict[str, str]) -> "Vocabulary":
        lowered = {key.lower(): value.lower() for key, value in informal.items()}
        # Long forms are stemmed without the acronym table, which is not built yet.
        plain = cls(informal=lowered)
        expanded = {
            acronym.lower(): tuple(
                terms for terms in (tuple(plain.terms(long)) for long in longs) if terms
            )
            for acronym, longs in acronyms.items()
        }
        return cls(acronyms=expanded, informal=lowered)

    def words(self, text: str) -> list[str]:
        """Lower-cased words with informal spellings replaced (one word may become two)."""
        out: list[str] = []
        for word in _WORD.findall(unicodedata.normalize("NFKC", text or "").lower()):
            standard = self.informal.get(word)
            out.extend(standard.split() if standard else [word])
        return out

    # Stems met so far by this vocabulary (one request's worth of words).
    _stems: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def stem(self, word: str) -> str:
        stemmed = self._stems.get(word)
        if stemmed is None:
            keep = word in self.acronyms or not word.isalpha()
            stemmed = self._stems[word] = word if keep else _stemmer().stemWord(word)
        return stemmed

    def matches(self, word: str, terms: set[str]) -> bool:
        """Whether one word of a text (as written) is among `terms` (for highlighting)."""
        lowered = word.lower()
        standard = self.informal.get(lowered)
        return any(self.stem(w) in terms for w in (standard.split() if standard else (lowered,)))

    def terms(self, text: str) -> list[str]:
        """The terms a text is indexed under, in order, stopwords left out."""
        return [self.stem(w) for w in self.words(text) if w not in STOPWORDS]

    def document(self, *texts: str) -> str:
        """The stored form of a text: its terms separated by spaces."""
        return " ".join(term for text in texts for term in self.terms(text))

    # Long forms by their first term, built on first use: a query is checked against the long
    # forms that start with one of its terms, not against the whole acronym table.
    _long_forms: dict[str, list[tuple[str, tuple[str, ...]]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # A query's terms, kept briefly: the answer suggestions ask twice for the same question.
    _queries: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def query_terms(self, query: str) -> list[str]:
        """A query's distinct terms plus its acronyms' long forms and the acronyms of the long
        forms it spells out, first ones first."""
        known = self._queries.get(query)
        if known is not None:
            return list(known)
        terms = self.terms(query)
        present = set(terms)
        spelled = self._spelled_out(terms)
        found = list(dict.fromkeys(terms))
        for acronym, longs in self.acronyms.items():
            if acronym in present:
                found.extend(term for long in longs for term in long)
            elif acronym in spelled:
                found.append(acronym)
        result = list(dict.fromkeys(found))[:MAX_QUERY_TERMS]
        if len(self._queries) >= QUERIES_KEPT:
            self._queries.clear()
        self._queries[query] = result
        return list(result)

    def _spelled_out(self, terms: list[str]) -> set[str]:
        """The acronyms whose long form runs, word for word, somewhere in `terms`."""
        if not self._long_forms and self.acronyms:
            for acronym, longs in self.acronyms.items():
                for long in longs:
                    if long:
                        self._long_forms.setdefault(long[0], []).append((acronym, long))
        spelled = set()
        for i, term in enumerate(terms):
            for acronym, long in self._long_forms.get(term, ()):
                if tuple(terms[i : i + len(long)]) == long:
                    spelled.add(acronym)
        return spelled


QUERIES_KEPT = 1000  # queries whose terms are remembered, before the memory starts afresh
