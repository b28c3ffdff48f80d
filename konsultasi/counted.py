"""How many rows a query has, as a value another query can carry."""

from django.db.models import Func, IntegerField, QuerySet, Subquery


def count_of(rows: QuerySet) -> Subquery:
    """`SELECT COUNT(*)` of `rows` as a subquery. COUNT is written as a plain function, not an
    aggregate, so no GROUP BY is added: where there are no rows it still counts 0 (a grouped
    count would give no row, NULL). Correlated when `rows` refers to an OuterRef."""
    return Subquery(
        rows.order_by()
        .annotate(n=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("n")
    )
