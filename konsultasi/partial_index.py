"""A filter that states a partial index's condition the way the index states it.

SQLite uses a partial index only for a query whose WHERE clause holds the index's condition
term by term. Django binds every value as a parameter; SQLite matches a bound value against a
term like `state = 'parked'`, but not against a list like `state IN ('pending', 'sending')`,
and then reads the whole table instead. `stated(condition)` writes the condition into the
query as the migration wrote it into the index, its values quoted in place. PostgreSQL proves
the condition either way; it gets the same SQL.

Only for conditions made of the code's own constants (the index's), never of anything a user
typed. The columns are written unqualified, as in the index: for a query of that one table,
not one joined to another table with a column of the same name."""

from django.db.models import BooleanField, Expression, Q
from django.db.models.sql.query import Query


class _Stated(Expression):
    conditional = True

    def __init__(self, condition: Q):
        super().__init__(output_field=BooleanField())
        self.condition = condition

    def as_sql(self, compiler, connection):
        # As Index builds its condition: a query of the model, its columns unqualified (the
        # filter is for a query of that one table).
        query = Query(model=compiler.query.model, alias_cols=False)
        where = query.build_where(self.condition)
        sql, params = where.as_sql(query.get_compiler(connection=connection), connection)
        quote = connection.schema_editor().quote_value
        return sql % tuple(quote(value) for value in params), []


def stated(condition: Q) -> _Stated:
    return _Stated(condition)
