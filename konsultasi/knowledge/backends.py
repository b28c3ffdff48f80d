"""The two full-text backends behind the one search interface (`search.py`).

Both receive the same terms (analysis.py) and return ids with a score, best first:
- SQLite: FTS5 with bm25, the heading weighing 5, the summary 2, the body 1.
- PostgreSQL: the generated tsvector with the same weights (A, B, D), ranked by ts_rank
  summed over the query's terms, each weighted by its inverse document frequency (bm25's
  idf), which ts_rank alone lacks: otherwise a word every entry has counts as much as the
  one rare word that names the topic.

In-force entries rank above amended ones, amended above revoked: the score is scaled by the
status (a revoked regulation that matches far better still shows, lower down)."""

import math
from typing import Protocol

from django.db import connections

from konsultasi.knowledge.indexing import office_term

STATUS_FACTOR_SQL = "(CASE e.status WHEN 'in_force' THEN 1.0 WHEN 'amended' THEN 0.6 ELSE 0.3 END)"
Ranked = list[tuple[int, float]]


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

    def rank_entries(self, terms, restrict, limit):
        if not terms:
            return []
        extra, params = _restriction(restrict)
        sql = (
            "SELECT e.id, bm25(knowledge_entry_fts, 5.0, 2.0, 1.0) * "  # noqa: S608 (fixed names)
            f"{STATUS_FACTOR_SQL} AS score "
            "FROM knowledge_entry_fts JOIN knowledge_entry e ON e.id = knowledge_entry_fts.rowid "
            f"WHERE knowledge_entry_fts MATCH %s{extra} ORDER BY score LIMIT %s"
        )
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, [self.match(terms), *params, limit])
            return [(pk, -score) for pk, score in cursor.fetchall()]

    def rank_consultations(self, terms, *, office_id, exclude_id, limit):
        if not terms:
            return []
        sql = (
            "SELECT ci.consultation_id, bm25(knowledge_consultation_fts) AS score "
            "FROM knowledge_consultation_fts JOIN knowledge_consultationindex ci "
            "ON ci.consultation_id = knowledge_consultation_fts.rowid "
            "WHERE knowledge_consultation_fts MATCH %s AND ci.office_id = %s "
            "AND ci.consultation_id <> %s ORDER BY score LIMIT %s"
        )
        # The office's own term first: the engine ranks that office's consultations only.
        match = f'"{office_term(office_id)}" AND ({self.match(terms)})'
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, [match, office_id, exclude_id or 0, limit])
            return [(pk, -score) for pk, score in cursor.fetchall()]


def _idf(documents: int, frequency: int) -> float:
    return math.log((documents - frequency + 0.5) / (frequency + 0.5) + 1.0)


class PostgresBackend:
    name = "postgresql"

    def __init__(self, alias: str = "default"):
        self.alias = alias

    def _weights(
        self, cursor, table: str, alias: str, match: str, where: str, params: list, terms: list[str]
    ) -> list[float]:
        """The idf of each term (one query over the matching rows; the table's size is the
        planner's estimate, as counting a million rows would cost more than the search)."""
        counts = ", ".join(
            f"count(*) FILTER (WHERE {alias}.search_vector @@ to_tsquery('simple', %s))"
            for _ in terms
        )
        cursor.execute(
            f"SELECT (SELECT reltuples FROM pg_class WHERE relname = %s), count(*), {counts} "  # noqa: S608
            f"FROM {table} {alias} WHERE {alias}.search_vector @@ to_tsquery('simple', %s) "
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
            match = " | ".join(terms)
            weights = self._weights(
                cursor, "knowledge_entry", "e", match, f"TRUE{extra}", params, terms
            )
            rank, rank_params = self._rank_sql(terms, weights, "e.search_vector")
            cursor.execute(
                f"SELECT e.id, {rank} * {STATUS_FACTOR_SQL} AS score FROM knowledge_entry e "  # noqa: S608
                f"WHERE e.search_vector @@ to_tsquery('simple', %s){extra} "
                "ORDER BY score DESC, e.id LIMIT %s",
                [*rank_params, match, *params, limit],
            )
            return [(pk, float(score)) for pk, score in cursor.fetchall()]

    def rank_consultations(self, terms, *, office_id, exclude_id, limit):
        if not terms:
            return []
        with connections[self.alias].cursor() as cursor:
            # The office's own term first: the GIN index yields that office's rows only.
            match = f"{office_term(office_id)} & ({' | '.join(terms)})"
            table, where = "knowledge_consultationindex", "ci.office_id = %s"
            weights = self._weights(cursor, table, "ci", match, where, [office_id], terms)
            rank, rank_params = self._rank_sql(terms, weights, "ci.search_vector")
            cursor.execute(
                f"SELECT ci.consultation_id, {rank} AS score FROM knowledge_consultationindex ci "  # noqa: S608
                "WHERE ci.search_vector @@ to_tsquery('simple', %s) AND ci.office_id = %s "
                "AND ci.consultation_id <> %s ORDER BY score DESC, ci.consultation_id LIMIT %s",
                [*rank_params, match, office_id, exclude_id or 0, limit],
            )
            return [(pk, float(score)) for pk, score in cursor.fetchall()]


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
