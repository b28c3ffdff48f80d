"""The two full-text backends behind the one search interface (`search.py`).

Both receive the same terms (analysis.py) and return ids with a score, best first:
- SQLite: FTS5 with bm25, the heading weighing 5, the summary 2, the body 1.
- PostgreSQL: the generated tsvector with the same weights (A, B, D), ranked by ts_rank
  summed over the query's terms, each weighted by its inverse document frequency (bm25's
  idf), which ts_rank alone lacks: otherwise a word every entry has counts as much as the
  one rare word that names the topic. Entries are matched and shortlisted on a light vector
  kept in the row (`search_terms`, migration 0004); the full one, which PostgreSQL keeps out
  of the row, is read for the shortlist only.
- Similar consultations, on both: the engine finds the office's newest matching ones and
  `bm25` below scores them, from the terms stored with each.

In-force entries rank above amended ones, amended above revoked: the score is scaled by the
status (a revoked regulation that matches far better still shows, lower down).

**What a search costs.** Ranking costs per matching row, so a question made of the words every
document has ("sp2d", "dana", "kppn") would rank most of the table. Both backends therefore
look at each term's document frequency first (SQLite: the FTS5 index's own vocabulary;
PostgreSQL: the lexeme statistics ANALYZE keeps for the tsvector column) and:
- drop the terms no document has, and keep the rarest terms while the documents they match
  together stay within a budget (`terms_to_rank`): the common words add next to nothing to a
  bm25 score (their idf is near zero) and would cost the most;
- for similar consultations, rank only the office's newest `CANDIDATES` matching ones (the
  recent answers are the ones worth reusing): at a million consultations a common question
  matches tens of thousands of one office's. On PostgreSQL, when the words are that common,
  those are looked for among the office's newest `WINDOW` consultations.
Without statistics (a new PostgreSQL table not yet analysed) every term is kept and the
frequencies are counted over the matching rows, as before."""

import math
import time
from typing import Protocol

from django.db import OperationalError, connections

from konsultasi.knowledge.indexing import office_term

STATUS_FACTOR_SQL = "(CASE e.status WHEN 'in_force' THEN 1.0 WHEN 'amended' THEN 0.6 ELSE 0.3 END)"
Ranked = list[tuple[int, float]]

# The terms a search ranks with: the rarest first, at least MIN_TERMS of them (the words of
# the question that match anything), at most MAX_TERMS, adding the next rarest while the rows
# they match stay within the budget (a share of the table, never under a floor).
MIN_TERMS, MAX_TERMS = 2, 16
BUDGET_SHARE, BUDGET_FLOOR = 0.2, 1000
# Similar consultations: the office's newest matching ones ranked, at most this many.
CANDIDATES = 200
# PostgreSQL: when the terms match at least this share of all indexed consultations, the
# candidates are read from the office's newest WINDOW consultations (see rank_consultations);
# entries that common are shortlisted through the index, never a sequential scan.
COMMON_SHARE, WINDOW = 0.05, 10_000
BM25_K1, BM25_B = 1.2, 0.75
FREQUENCIES_KEPT = 200_000  # cached document frequencies, before the cache starts afresh
FREQUENCY_KEPT_FROM = 1000  # documents: a term in fewer is cheap to count
# PostgreSQL: entries ranked by the idf-weighted sum, of those best by a plain ts_rank of the
# light vector (which counts a body's word once): 50 of them lost relevant entries that the
# full vector's rank kept (recall@5 0.82 to 0.75 with the 10,000 generated entries), 200 keep
# them all (0.82), at no measurable cost (backend CPU per search 6.1-6.6 ms against 6.3).
SHORTLIST = 200
# Table sizes and PostgreSQL's lexeme statistics change slowly (ANALYZE, inserts): read again
# after this many seconds. Only the choice of terms and their idf use them, never access.
STATS_SECONDS = 900.0


class Backend(Protocol):
    name: str

    def rank_entries(
        self, terms: list[str], restrict: tuple[str, list] | None, limit: int
    ) -> Ranked:
        """Entries matching any term, best first. `restrict` is an SQL subquery (and its
        params) returning the ids allowed, or None for all."""
        ...

    def rank_consultations(
        self, terms: list[str], *, office_id: int, exclude_id: int | None, limit: int
    ) -> Ranked: ...


def terms_to_rank(terms: list[str], frequencies: dict[str, int], total: int) -> list[str]:
    """The query's terms worth ranking with, rarest first (see the module's docstring)."""
    present = [t for t in terms if frequencies.get(t, 0) > 0]
    present.sort(key=lambda t: frequencies[t])  # stable: the query's order among equals
    budget = max(BUDGET_FLOOR, int(total * BUDGET_SHARE))
    kept: list[str] = []
    matched = 0
    for term in present:
        if len(kept) >= MIN_TERMS and (matched + frequencies[term] > budget):
            break
        kept.append(term)
        matched += frequencies[term]
        if len(kept) == MAX_TERMS:
            break
    return kept


_cache: dict[tuple, tuple[float, object]] = {}
_frequency_cache: dict[tuple[str, str, str], tuple[float, int]] = {}


def _cached(key: tuple, compute):
    now = time.monotonic()
    found = _cache.get(key)
    if found is not None and found[0] > now:
        return found[1]
    value = compute()
    _cache[key] = (now + STATS_SECONDS, value)
    return value


def _restriction(restrict: tuple[str, list] | None) -> tuple[str, list]:
    if restrict is None:
        return "", []
    sql, params = restrict
    return f" AND e.id IN ({sql})", list(params)


class SqliteBackend:
    name = "sqlite"

    def __init__(self, alias: str = "default"):
        self.alias = alias

    @staticmethod
    def match(terms: list[str]) -> str:
        # Terms are letters and digits only (analysis.py), quoted all the same.
        return " OR ".join(f'"{term}"' for term in terms)

    def _frequencies(self, cursor, fts: str, rows: str, terms: list[str]) -> tuple[dict, int]:
        """Each term's document frequency, from the FTS5 index's vocabulary, and the number
        of documents. Counting a common term walks its whole list of documents (tens of
        milliseconds at a million consultations), so both are kept a few minutes: they only
        choose the terms and weigh them."""
        now = time.monotonic()
        frequencies: dict[str, int] = {}
        missing = []
        for term in terms:
            known = _frequency_cache.get((self.alias, fts, term))
            if known is not None and known[0] > now:
                frequencies[term] = known[1]
            else:
                missing.append(term)
        if missing:
            vocabulary = f"{fts}_vocabulary"
            marks = ", ".join(["%s"] * len(missing))
            select = f"SELECT term, doc FROM temp.{vocabulary} WHERE term IN ({marks})"  # noqa: S608
            try:
                cursor.execute(select, missing)
            except OperationalError:  # this connection's first search: its view of the index
                cursor.execute(
                    f"CREATE VIRTUAL TABLE temp.{vocabulary} USING fts5vocab(main, {fts}, row)"
                )
                cursor.execute(select, missing)
            found = dict(cursor.fetchall())
            if len(_frequency_cache) > FREQUENCIES_KEPT:
                _frequency_cache.clear()
            for term in missing:
                frequencies[term] = found.get(term, 0)
                # Only the common terms are kept: they are the costly ones, and a few
                # minutes' drift of their count changes nothing. A rare or new term is
                # counted every time, so a word just indexed is found at once.
                if frequencies[term] >= FREQUENCY_KEPT_FROM:
                    expires = now + STATS_SECONDS
                    _frequency_cache[(self.alias, fts, term)] = (expires, frequencies[term])

        def count() -> int:
            with connections[self.alias].cursor() as counting:
                counting.execute(f"SELECT count(*) FROM {rows}")  # noqa: S608 (fixed names)
                return counting.fetchone()[0]

        total = _cached((self.alias, rows), count)
        return frequencies, max(total, *frequencies.values(), 1)

    def rank_entries(self, terms, restrict, limit):
        if not terms:
            return []
        extra, params = _restriction(restrict)
        with connections[self.alias].cursor() as cursor:
            frequencies, total = self._frequencies(
                cursor, "knowledge_entry_fts", "knowledge_entry", terms
            )
            terms = terms_to_rank(terms, frequencies, total)
            if not terms:
                return []
            sql = (
                "SELECT e.id, bm25(knowledge_entry_fts, 5.0, 2.0, 1.0) * "  # noqa: S608 (fixed names)
                f"{STATUS_FACTOR_SQL} AS score "
                "FROM knowledge_entry_fts JOIN knowledge_entry e "
                "ON e.id = knowledge_entry_fts.rowid "
                f"WHERE knowledge_entry_fts MATCH %s{extra} ORDER BY score LIMIT %s"
            )
            cursor.execute(sql, [self.match(terms), *params, limit])
            return [(pk, -score) for pk, score in cursor.fetchall()]

    def rank_consultations(self, terms, *, office_id, exclude_id, limit):
        if not terms:
            return []
        with connections[self.alias].cursor() as cursor:
            frequencies, total = self._frequencies(
                cursor, "knowledge_consultation_fts", "knowledge_consultationindex", terms
            )
            terms = terms_to_rank(terms, frequencies, total)
            if not terms:
                return []
            # The office's own term first: the engine looks at that office's consultations
            # only, newest first, and reads no more than CANDIDATES of them, scored here
            # (FTS5's bm25 would first count every document of each term, the office's too).
            match = f'"{office_term(office_id)}" AND ({self.match(terms)})'
            cursor.execute(
                "SELECT rowid, terms FROM knowledge_consultation_fts "
                "WHERE knowledge_consultation_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [match, CANDIDATES + 1],
            )
            candidates = [(pk, text) for pk, text in cursor.fetchall() if pk != exclude_id]
        weights = {t: _idf(total, frequencies[t]) for t in terms}
        return bm25(candidates, weights)[:limit]


def bm25(documents: list[tuple[int, str]], weights: dict[str, float]) -> Ranked:
    """Okapi BM25 (k1 1.2, b 0.75, as FTS5's) of documents given as their terms separated by
    spaces, for the terms weighted by their idf; best first, the newer first among equals."""
    if not documents:
        return []
    split = [(pk, text.split()) for pk, text in documents]
    average = sum(len(words) for _, words in split) / len(split) or 1.0
    scored = []
    for pk, words in split:
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(words) / average)
        counts: dict[str, int] = {}
        for word in words:
            if word in weights:
                counts[word] = counts.get(word, 0) + 1
        score = sum(weights[term] * tf * (BM25_K1 + 1) / (tf + norm) for term, tf in counts.items())
        scored.append((pk, score))
    scored.sort(key=lambda hit: (-hit[1], -hit[0]))
    return scored


def _idf(documents: int, frequency: int) -> float:
    return math.log((documents - frequency + 0.5) / (frequency + 0.5) + 1.0)


class PostgresBackend:
    name = "postgresql"

    def __init__(self, alias: str = "default"):
        self.alias = alias

    def _statistics(self, table: str, column: str) -> tuple[int, dict[str, float], float] | None:
        """(rows, lexeme → share of rows, share below which a lexeme is not listed) from the
        planner's statistics of the table's tsvector `column`, or None before the table's
        first ANALYZE."""

        def read():
            with connections[self.alias].cursor() as cursor:
                cursor.execute(
                    "SELECT c.reltuples, s.most_common_elems::text::text[], "
                    "s.most_common_elem_freqs FROM pg_class c LEFT JOIN pg_stats s "
                    "ON s.tablename = c.relname AND s.attname = %s "
                    "AND s.schemaname = current_schema() "
                    "WHERE c.relname = %s AND c.relnamespace = to_regnamespace(current_schema())",
                    [column, table],
                )
                row = cursor.fetchone()
            if row is None or row[1] is None or not row[0] or row[0] < 0:
                return None
            rows, lexemes, shares = row
            # The shares: one per lexeme, then the smallest and largest of them, and nulls.
            listed = dict(zip(lexemes, shares[: len(lexemes)], strict=True))
            return int(rows), listed, float(shares[len(lexemes)])

        return _cached((self.alias, "pg_stats", table, column), read)

    def _estimated(
        self, table: str, column: str, terms: list[str]
    ) -> tuple[dict[str, int], int] | None:
        statistics = self._statistics(table, column)
        if statistics is None:
            return None
        rows, listed, floor = statistics
        # A lexeme not listed is rarer than the rarest listed one: half of that, as a guess.
        return {t: max(1, round(rows * listed.get(t, floor / 2))) for t in terms}, rows

    def _weights(
        self,
        cursor,
        table: str,
        vector: str,
        match: str,
        where: str,
        params: list,
        terms: list[str],
    ) -> list[float]:
        """The idf of each term, counted over the matching rows (a table without statistics
        yet: small, or new). `vector`: the aliased tsvector column matched."""
        alias = vector.split(".")[0]
        counts = ", ".join(
            f"count(*) FILTER (WHERE {vector} @@ to_tsquery('simple', %s))" for _ in terms
        )
        cursor.execute(
            f"SELECT (SELECT reltuples FROM pg_class WHERE relname = %s), count(*), {counts} "  # noqa: S608
            f"FROM {table} {alias} WHERE {vector} @@ to_tsquery('simple', %s) "
            f"AND {where}",
            [table, *terms, match, *params],
        )
        estimate, matched, *frequencies = cursor.fetchone()
        total = max(int(estimate or 0), matched)
        return [_idf(total, f) for f in frequencies]

    @staticmethod
    def _rank_sql(terms: list[str], weights: list[float], vector: str) -> tuple[str, list]:
        parts = [f"{w:.6f} * ts_rank({vector}, to_tsquery('simple', %s), 1)" for w in weights]
        return "(" + " + ".join(parts) + ")", list(terms)

    def rank_entries(self, terms, restrict, limit):
        if not terms:
            return []
        extra, params = _restriction(restrict)
        with connections[self.alias].cursor() as cursor:
            estimated = self._estimated("knowledge_entry", "search_terms", terms)
            if estimated is not None:
                frequencies, total = estimated
                terms = terms_to_rank(terms, frequencies, total)
                weights = [_idf(total, frequencies[t]) for t in terms]
            match = " | ".join(terms)
            if estimated is None:
                weights = self._weights(
                    cursor,
                    "knowledge_entry",
                    "e.search_terms",
                    match,
                    f"TRUE{extra}",
                    params,
                    terms,
                )
            rank, rank_params = self._rank_sql(terms, weights, "e.search_vector")
            # Matched and shortlisted on the light vector kept in the row (migration 0004):
            # the full one, out of the row, is read for the best SHORTLIST rows only, and once
            # each: `|| ''` above the shortlist (OFFSET 0 keeps that level) makes the detoasted
            # copy that the sum's ts_ranks all read.
            #
            # The planner reads a common word's quarter of the table through a sequential
            # scan, testing every entry's vector (40 ms at 10,000 entries); the index's bitmap
            # finds the same rows in a fifth of that. Said for this one query, then undone.
            # Rarer words are found through the index anyway: nothing to say then.
            common = estimated is not None and (
                sum(frequencies[t] for t in terms) >= COMMON_SHARE * total
            )
            if common:
                cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(
                    *self._shortlisted(rank, rank_params, self._words(match), extra, params, limit)
                )
                ranked = cursor.fetchall()
            finally:
                if common:
                    cursor.execute("RESET enable_seqscan")
            return [(pk, float(score)) for pk, score in ranked]

    @staticmethod
    def _shortlisted(rank, rank_params, words, extra, params, limit) -> tuple[str, list]:
        return (
            f"SELECT e.id, {rank} * {STATUS_FACTOR_SQL} AS score FROM ("  # noqa: S608
            "SELECT e.id, e.status, e.search_vector || ''::tsvector AS search_vector FROM ("
            "SELECT e.id, e.status, e.search_vector FROM knowledge_entry e "
            f"WHERE e.search_terms @@ {words}{extra} "
            f"ORDER BY ts_rank(e.search_terms, {words}, 1) "
            f"* {STATUS_FACTOR_SQL} DESC, e.id LIMIT %s) AS e OFFSET 0) AS e "
            "ORDER BY score DESC, e.id LIMIT %s",
            [*rank_params, *params, max(SHORTLIST, limit), limit],
        )

    def _words(self, match: str) -> str:
        """The words matched, as `to_tsquery` of a literal written into the statement rather
        than a bound value. The connection prepares a statement it has run five times, and
        PostgreSQL may then plan it once for any value (settings.postgresql_options): how
        common the words are decides the plan here, so each set of words gets its own."""
        literal = connections[self.alias].ops.compose_sql("%s", [match])  # type: ignore[attr-defined]
        # The statement still goes out with parameters: a "%" of the literal is written twice.
        return "to_tsquery('simple', " + literal.replace("%", "%%") + ")"

    def rank_consultations(self, terms, *, office_id, exclude_id, limit):
        if not terms:
            return []
        table = "knowledge_consultationindex"
        with connections[self.alias].cursor() as cursor:
            estimated = self._estimated(table, "search_vector", terms)
            if estimated is not None:
                frequencies, total = estimated
                terms = terms_to_rank(terms, frequencies, total)
            # Not the office's own term here (SQLite's way): the planner would take it and the
            # office's id for two independent conditions and expect a tenth of the rows it
            # gets, then fetch every match to sort them.
            match = " | ".join(terms)
            if estimated is None:
                idf = self._weights(
                    cursor,
                    table,
                    "ci.search_vector",
                    match,
                    "ci.office_id = %s",
                    [office_id],
                    terms,
                )
                common = False
            else:
                idf = [_idf(total, frequencies[t]) for t in terms]
                common = sum(frequencies[t] for t in terms) >= COMMON_SHARE * total
            # The office's newest matching consultations, at most CANDIDATES of them, scored
            # here as on SQLite (a ts_rank per term and row costs more than reading them).
            if common:
                # Common words match thousands of the office's consultations. Asked directly,
                # the planner walks the primary key backwards through every office's rows (at
                # a million, 80,000 rows read for 200 of one office's: 100 ms); here it reads
                # the office's newest ids from its own index and checks them newest first,
                # stopping at CANDIDATES matches (a few thousand rows, within WINDOW). The
                # check is a LATERAL lookup by primary key so that it stays a nested loop in
                # that order: as a plain join the planner merged the ids with a walk through
                # every office's rows (28 ms a panel at 50,000) or, told the office, ANDed the
                # office's and the words' bitmaps (90,000 rows: 45 ms at a million; 6 ms so).
                cursor.execute(
                    f"SELECT ci.consultation_id, ci.terms FROM (SELECT consultation_id "  # noqa: S608
                    f"FROM {table} WHERE office_id = %s "
                    "ORDER BY office_id DESC, consultation_id DESC LIMIT %s) AS newest "
                    f"JOIN LATERAL (SELECT x.consultation_id, x.terms FROM {table} x "
                    "WHERE x.consultation_id = newest.consultation_id "
                    f"AND x.search_vector @@ {self._words(match)}) AS ci ON true "
                    "WHERE ci.consultation_id <> %s "
                    "ORDER BY newest.consultation_id DESC LIMIT %s",
                    [office_id, WINDOW, exclude_id or 0, CANDIDATES],
                )
            else:
                # Rarer words: the text index finds the few matches at once.
                cursor.execute(
                    f"SELECT ci.consultation_id, ci.terms FROM {table} ci "  # noqa: S608
                    f"WHERE ci.search_vector @@ {self._words(match)} AND ci.office_id = %s "
                    "AND ci.consultation_id <> %s ORDER BY ci.consultation_id DESC LIMIT %s",
                    [office_id, exclude_id or 0, CANDIDATES],
                )
            candidates = cursor.fetchall()
        return bm25(candidates, dict(zip(terms, idf, strict=True)))[:limit]


BACKENDS: dict[str, type[SqliteBackend] | type[PostgresBackend]] = {
    "sqlite": SqliteBackend,
    "postgresql": PostgresBackend,
}


def backend_for(alias: str = "default") -> Backend:
    vendor = connections[alias].vendor
    try:
        return BACKENDS[vendor](alias)
    except KeyError:
        raise RuntimeError(f"no full-text search backend for {vendor}") from None
