"""Cypher for the Neo4j store, as constants and builders.

Values always travel as `$parameters`; the only names interpolated are labels, relationship types
and property names taken from our own enums and entity models, never from input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from graph.access import Match, Visibility
from graph.entities import TEXT_FIELDS
from graph.labels import Direction, Label, RelType
from graph.records import LinkFilter, PageQuery, PropertyFilter, Step, Traversal
from graph.relationships import RELATIONSHIPS
from graph.search import (
    CATALOGS_OF_RESOURCE, DEPARTMENT_OF, KIND_ORDER, OTHER_TEXT, PROVIDER_OF_RESOURCE, RESOURCE_FACETS, RESOURCE_OF, Facet,
    SearchQuery, Tier,
)

FULLTEXT_INDEX = "govgraph_text"
# A query of two or more Han characters is answered through the full-text index; anything else is
# checked on every node of the label, with the same result. The `cjk` analyzer indexes a run of Han
# characters as its overlapping bigrams, and the query, a phrase, as its own bigrams at consecutive
# positions: a property matches exactly when it holds the query as a substring (case plays no part in
# Han characters). So where the index covers just the label's text fields (a resource's name and
# summary) its hits need no second check; a label with fewer text fields than the index is checked.
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_INDEXED = tuple(sorted({field for fields in TEXT_FIELDS.values() for field in fields}))

KEY_OF = "coalesce(%s.code, %s.id)"
LABEL_OF = "labels(%s)[0]"


def key_of(var: str) -> str:
    return KEY_OF % (var, var)


def label_of(var: str) -> str:
    return LABEL_OF % var


CREATE_TEXT_INDEX = (
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{'|'.join(label.value for label in TEXT_FIELDS)}) "
    f"ON EACH [{', '.join('n.' + f for f in _INDEXED)}] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
)
# A bulk load that creates its records drops the full-text index first and builds it again after
# (`graph.neo4j.bulk`): one pass over the loaded nodes costs Neo4j less than a Lucene update per commit.
DROP_TEXT_INDEX = f"DROP INDEX {FULLTEXT_INDEX} IF EXISTS"
TEXT_INDEX_STATE = f"SHOW FULLTEXT INDEXES YIELD name, state WHERE name = '{FULLTEXT_INDEX}' RETURN state"


def _key_constraint(label: Label) -> str:
    return f"{label.value.lower()}_key"


def key_constraint_names() -> list[str]:
    """The names of the key constraints, one a label."""
    return [_key_constraint(label) for label in Label]


def schema_statements() -> list[str]:
    """Constraints and indexes, each idempotent (`IF NOT EXISTS`)."""
    statements = [
        f"CREATE CONSTRAINT {_key_constraint(label)} IF NOT EXISTS FOR (n:{label.value}) REQUIRE n.{label.key} IS UNIQUE"
        for label in Label
    ]
    statements.append(CREATE_TEXT_INDEX)
    # The public sees open, non-secret, active resources (`lineage.access`, Art.21-23): its pages and
    # totals are index seeks on these, not a scan of every resource's properties.
    statements.append(
        "CREATE INDEX resource_public IF NOT EXISTS FOR (n:Resource) ON (n.open_type, n.secret_or_security, n.status)"
    )
    # The EIC pages and counts the audit trail by these (`auditEvents(filter: …)`): index seeks, not a
    # scan of millions of events.
    statements += [
        f"CREATE INDEX auditevent_{name} IF NOT EXISTS FOR (n:AuditEvent) ON (n.{name})" for name in AUDIT_INDEXED
    ]
    return statements


AUDIT_INDEXED = ("principal", "department", "action", "subject", "outcome")
# Audit events are appended, never changed: one that exists already (written again by a retried
# batch, or imported twice) is left as it is.
APPEND_AUDIT = (
    "UNWIND $rows AS row WITH row.key AS key, row.props AS new MERGE (n:AuditEvent {id: key}) "
    "ON CREATE SET n += new{.*, version: coalesce(new.version, 1)}"
)
AUDIT_CHUNK = (
    "MATCH (n:AuditEvent) WHERE $after IS NULL OR n.id > $after "
    "RETURN properties(n) AS props ORDER BY n.id LIMIT $size"
)


AWAIT_INDEXES_SECONDS = 300
AWAIT_INDEXES = f"CALL db.awaitIndexes({AWAIT_INDEXES_SECONDS})"
AWAIT_TEXT_INDEX = f"CALL db.awaitIndex('{FULLTEXT_INDEX}', $seconds)"
# How many of the key constraints (`key_constraint_names`) the database has: none after Neo4j was
# replaced by an empty database, all while a bulk load has dropped the full-text index.
COUNT_KEY_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name WHERE name IN $names RETURN count(*) AS n"
# Relationships first, then the nodes, each in transactions of a bounded size: deleting 10,000
# nodes at once also deletes all their relationships, and a hub's hundred thousand of them overflow
# one transaction's memory. DETACH in the second phase only covers relationships written meanwhile.
CLEAR = (
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
)


def upsert_nodes(label: Label) -> str:
    """MERGE and replace the properties, keeping `version` as `graph.changes.UpsertNode` says.

    A node the statement creates only gets its properties added (it has none but its key yet), which
    a bulk load, nearly all creations, does fastest; an existing one has them replaced.
    """
    return (
        f"UNWIND $rows AS row WITH row.key AS key, row.props AS new "
        f"MERGE (n:{label.value} {{{label.key}: key}}) "
        "ON CREATE SET n += new{.*, version: coalesce(new.version, 1)} "
        "ON MATCH SET n = new{.*, version: CASE WHEN new.version IS NOT NULL THEN new.version "
        "WHEN n.version IS NOT NULL AND properties(n) = new{.*, version: n.version} THEN n.version "
        "ELSE coalesce(n.version, 0) + 1 END}"
    )


def create_nodes_with_ids(label: Label) -> str:
    """CREATE each row's node (a row is its properties, the key included) as `upsert_nodes` creates one,
    for a load whose nodes the store does not hold: no key is looked up first, and a key that exists
    still fails the statement (its constraint). Each created node's key comes back with its element id,
    for the load to join its relationships to it by id (`relate_by_id`)."""
    return f"UNWIND $rows AS new CREATE (n:{label.value}) {_created(label)}"


def _created(label: Label) -> str:
    """After a CREATE of `n` from the row `new`: its properties and first version, as `upsert_nodes`
    gives a new node, and each created node's key with its element id."""
    return f"SET n = new{{.*, version: coalesce(new.version, 1)}} RETURN collect([new.{label.key}, elementId(n)]) AS ids"


def create_related_by_id(label: Label, rel: RelType, at_end: bool) -> str:
    """CREATE each row's node (`[an element id, the node's properties]`) as `create_nodes_with_ids` does,
    together with its relationship `rel` to the node of that id (from it if `at_end`, else to it): the
    relationship needs no seek for the node it creates, and no row of its own (`graph.neo4j.bulk`)."""
    pattern = f"(a)-[:{rel.value}]->(n:{label.value})" if at_end else f"(n:{label.value})-[:{rel.value}]->(a)"
    return f"UNWIND $rows AS row WITH row[0] AS other, row[1] AS new MATCH (a) WHERE elementId(a) = other CREATE {pattern} {_created(label)}"


def node_versions(label: Label) -> str:
    """Each key's version, read after taking the node's write lock (held until commit): two units that
    expect the same version cannot both pass; the second waits, then reads the first one's version."""
    return (
        f"UNWIND $keys AS k OPTIONAL MATCH (n:{label.value} {{{label.key}: k}}) "
        "FOREACH (locked IN CASE WHEN n IS NULL THEN [] ELSE [n] END | SET locked._lock = true REMOVE locked._lock) "
        "RETURN k, n IS NOT NULL AS found, n.version AS version"
    )


def upsert_relationships(rel: RelType, start: Label, end: Label, create: bool = False) -> str:
    """MERGE each row's relationship and replace its properties; a type that has none (most) is not SET:
    every write is validated (`graph.relationships`), so no relationship of such a type carries any.

    With `create`, for a load whose relationships the store does not hold, CREATE it instead: MERGE
    first looks between the two nodes (slow at a node with thousands) and locks them for it."""
    set_props = " SET r = row.props" if RELATIONSHIPS[rel].has_props else ""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{start.value} {{{start.key}: row.s}}) MATCH (b:{end.value} {{{end.key}: row.e}}) "
        f"{'CREATE' if create else 'MERGE'} (a)-[r:{rel.value}]->(b){set_props} RETURN count(r) AS n"
    )


def relate_by_id(rel: RelType) -> str:
    """CREATE each row's relationship between the two nodes whose element ids it holds (`[start, end]`,
    then the properties for a type that has them): a seek by id instead of two seeks in the key
    indexes, for nodes a bulk load has just created (`create_nodes_with_ids`)."""
    set_props = " SET r = row[2]" if RELATIONSHIPS[rel].has_props else ""
    return (
        "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[0] MATCH (b) WHERE elementId(b) = row[1] "
        f"CREATE (a)-[r:{rel.value}]->(b){set_props} RETURN count(r) AS n"
    )


def missing_endpoint(start: Label, end: Label) -> str:
    return (
        f"UNWIND $rows AS row "
        f"OPTIONAL MATCH (a:{start.value} {{{start.key}: row.s}}) OPTIONAL MATCH (b:{end.value} {{{end.key}: row.e}}) "
        "WITH row, a, b WHERE a IS NULL OR b IS NULL "
        "RETURN row.s AS s, a IS NULL AS start_missing, row.e AS e LIMIT 1"
    )


def delete_nodes(label: Label) -> str:
    return f"UNWIND $keys AS k MATCH (n:{label.value} {{{label.key}: k}}) DETACH DELETE n"


def delete_relationships(rel: RelType, start: Label, end: Label) -> str:
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{start.value} {{{start.key}: row.s}})-[r:{rel.value}]->(b:{end.value} {{{end.key}: row.e}}) "
        "DELETE r"
    )


def get_many(label: Label, visibility: Visibility) -> tuple[str, dict[str, Any]]:
    params = _Params()
    visible = _visible("n", label, visibility, params)
    condition = f" AND {visible}" if visible else ""
    return f"MATCH (n:{label.value}) WHERE n.{label.key} IN $keys{condition} RETURN collect(properties(n)) AS found", params.values


def all_nodes(label: Label) -> str:
    return f"MATCH (n:{label.value}) RETURN properties(n) AS props"


def all_relationships(rel: RelType) -> str:
    return (
        f"MATCH (a)-[r:{rel.value}]->(b) RETURN {label_of('a')} AS sl, {key_of('a')} AS sk, "
        f"{label_of('b')} AS el, {key_of('b')} AS ek, properties(r) AS props"
    )


def counts() -> str:
    parts = [f"MATCH (n:{label.value}) RETURN 'node' AS kind, '{label.value}' AS name, count(n) AS n" for label in Label]
    parts += [f"MATCH ()-[r:{rel.value}]->() RETURN 'rel' AS kind, '{rel.value}' AS name, count(r) AS n" for rel in RelType]
    return " UNION ALL ".join(parts)


class _Params:
    """Hands out fresh parameter and variable names so builders can compose."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.variables = 0

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return "$" + name

    def var(self) -> str:
        self.variables += 1
        return f"m{self.variables}"


def _property_predicates(var: str, filters: Sequence[PropertyFilter], params: _Params) -> list[str]:
    return [f"{var}.{f.field} IN {params.add(list(f.values))}" for f in filters]


def _direction_predicate(rel: str, var: str, steps: Sequence[Step], params: _Params) -> str:
    """The condition that relationship `rel`, matched undirected at `var`, goes the way its step says."""
    outs = [s.rel.value for s in steps if s.direction is Direction.OUT]
    ins = [s.rel.value for s in steps if s.direction is Direction.IN]
    both = [s.rel.value for s in steps if s.direction is Direction.BOTH]
    terms = []
    if outs:
        terms.append(f"(type({rel}) IN {params.add(outs)} AND startNode({rel}) = {var})")
    if ins:
        terms.append(f"(type({rel}) IN {params.add(ins)} AND endNode({rel}) = {var})")
    if both:
        terms.append(f"type({rel}) IN {params.add(both)}")
    return "(" + " OR ".join(terms) + ")"


def _types(steps: Sequence[Step]) -> str:
    return "|".join(sorted({s.rel.value for s in steps}))


_ARROWS = {Direction.OUT: ("-", "->"), Direction.IN: ("<-", "-"), Direction.BOTH: ("-", "-")}


def _by_direction(steps: Sequence[Step]) -> list[tuple[Direction, str]]:
    """The steps' types grouped by direction, as `(direction, "T1|T2")`, in a fixed order."""
    grouped: dict[Direction, set[str]] = {}
    for step in steps:
        grouped.setdefault(step.direction, set()).add(step.rel.value)
    return [(d, "|".join(sorted(grouped[d]))) for d in (Direction.OUT, Direction.IN, Direction.BOTH) if d in grouped]


def _union(var: str, branches: list[str], returns: str) -> str:
    """`branches` (MATCH clauses from `var`) as one clause: the branch itself, or a UNION ALL subquery."""
    if len(branches) == 1:
        return branches[0]
    return f"CALL ({var}) {{ " + " UNION ALL ".join(f"{b} RETURN {returns}" for b in branches) + " }"


def _walk_step(var: str, other: str, steps: Sequence[Step]) -> str:
    """A MATCH from `var` to its neighbours `other` along `steps`, one directed pattern per direction.

    Typed and directed, a pattern reads only the relationship chains it needs at a dense node (one
    with hundreds of relationships, like a department's PROVIDES), where an undirected pattern
    filtered afterwards reads them all.
    """
    branches = [f"MATCH ({var}){_ARROWS[d][0]}[:{types}]{_ARROWS[d][1]}({other})" for d, types in _by_direction(steps)]
    return _union(var, branches, other)


def _edges_between(var: str, steps: Sequence[Step]) -> str:
    """A MATCH of each relationship along `steps` at `var`, as `a`-[`r`]->`b` in its stored direction
    with `o` the other end than `var`; each relationship between two nodes of a set `var` ranges over
    is found once, from the end the walk expands (a type followed both ways, from its start)."""
    inward = {s.rel.value for s in steps if s.direction is Direction.IN}
    outward = {s.rel.value for s in steps if s.direction is not Direction.IN}
    ins = "|".join(sorted(inward - outward))
    outs = "|".join(sorted(outward))
    branches = []
    if outs:
        branches.append(f"MATCH ({var})-[r:{outs}]->(o) WITH {var} AS a, r, o AS b, o")
    if ins:
        branches.append(f"MATCH ({var})<-[r:{ins}]-(o) WITH o AS a, r, {var} AS b, o")
    return _union(var, branches, "a, r, b, o")


def _step_pattern(var: str, rel: str, step: Step, other: str) -> str:
    """The pattern `(var)-[rel:TYPE]->(other)` of one step, its arrow pointing the step's way."""
    arrow = _ARROWS[step.direction]
    return f"({var}){arrow[0]}[{rel}:{step.rel.value}]{arrow[1]}({other})"


def _link_predicate(var: str, link: LinkFilter, params: _Params) -> str:
    m = params.var()
    conditions = _property_predicates(m, link.where, params)
    if link.keys:
        conditions.append(f"{m}.{link.label.key} IN {params.add(list(link.keys))}")
    conditions += [_link_predicate(m, nested, params) for nested in link.linked]
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"EXISTS {{ MATCH {_step_pattern(var, '', Step(link.rel, link.direction), f'{m}:{link.label.value}')}{where} }}"


def _match_predicate(var: str, match: Match, params: _Params) -> str:
    terms = _property_predicates(var, match.where, params) + [_link_predicate(var, l, params) for l in match.linked]
    return "(" + " AND ".join(terms) + ")" if terms else "true"


def _visible(var: str, label: Label, visibility: Visibility, params: _Params) -> str | None:
    """The condition that `var`, a node of `label`, may be seen; None when the label is unrestricted."""
    if not visibility.restricts(label):
        return None
    matches = visibility.rules[label]
    if not matches:
        return "false"
    return "(" + " OR ".join(_match_predicate(var, m, params) for m in matches) + ")"


def _visible_any(var: str, visibility: Visibility, params: _Params) -> str:
    """The same condition for a node of any label."""
    cases = [
        f"WHEN {var}:{label.value} THEN {_visible(var, label, visibility, params)}"
        for label in sorted(visibility.rules, key=lambda lab: lab.value)
    ]
    return f"(CASE {' '.join(cases)} ELSE true END)" if cases else "true"


def _text_predicate(var: str, label: Label, text: str, params: _Params) -> str:
    needle = params.add(text.lower())
    terms = [f"{var}.{label.key} STARTS WITH {params.add(text)}"]
    terms += [f"toLower({var}.{field}) CONTAINS {needle}" for field in TEXT_FIELDS.get(label, ())]
    return "(" + " OR ".join(terms) + ")"


# A page of resources whose text is Han characters, without its total: the full-text index is asked for
# at most this many hits first. Fewer: they are every candidate, sorted here. As many: the matches are
# dense (at least this many among the label's nodes), and the code index, read in order with the text
# checked on each node, reaches the page's rows after a few of them, without reading every match.
FULLTEXT_PROBE = 2_000


def list_page(query: PageQuery, visibility: Visibility) -> tuple[str, dict[str, Any]]:
    """One statement answering the page (first + 1 rows, to tell whether more follow) and, when the query
    asks for it (`PageQuery.total`), the total; without it the total is null and only the page is read."""
    params = _Params()
    label = query.label
    key = label.key
    predicates = _property_predicates("n", query.where, params)
    predicates += [_link_predicate("n", link, params) for link in query.linked]
    visible = _visible("n", label, visibility, params)
    if visible:
        predicates.append(visible)
    full_text = bool(query.text is not None and _HAN_ONLY.match(query.text) and label in TEXT_FIELDS)
    # The index's hits are exactly the matches when it covers just this label's text fields (see
    # `_HAN_ONLY`); otherwise each candidate is checked. Han characters are never a key's prefix (every
    # key starts with a letter or a digit: `graph.identifiers`), so the index's hits are every match.
    exact = full_text and tuple(sorted(TEXT_FIELDS[label])) == _INDEXED
    checked = list(predicates)
    if query.text is not None:
        checked.append(_text_predicate("n", label, query.text, params))
    if query.text is not None and not exact:
        predicates = checked
    after = params.add(query.after or "")  # every key is longer than '': the code index serves the page in order
    limit = params.add(query.first + 1)
    extras = [_expansion("n", step, visibility, params, query.props_of(step)) for step in query.expand]
    extras += [_neighbour_count("n", step, visibility, params) for step in query.count]
    node = _projection("n", query.props, (key,))
    row = f"[{node}, {', '.join(extras)}]" if extras else node
    where = f" WHERE {' AND '.join(predicates)}" if predicates else ""
    scan = f"MATCH (n:{label.value}){where}"
    in_order = f"WITH n WHERE n.{key} > {after} WITH n ORDER BY n.{key} LIMIT {limit} RETURN collect({row}) AS page"
    if not full_text:
        if not query.total:
            return f"CALL () {{ {scan} {in_order} }} RETURN page, null AS total", params.values
        return f"CALL () {{ {scan} RETURN count(n) AS total }} CALL () {{ {scan} {in_order} }} RETURN total, page", params.values
    lucene = params.add(f'"{query.text}"')
    hits = f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', {lucene}"
    if query.total:
        # The index's candidates come unordered: count the matches and keep in key order those after
        # the cursor, in one pass (the key read for the sort is reused).
        return (
            f"CALL () {{ {hits}) YIELD node WITH node AS n WHERE n:{label.value}{' AND ' + ' AND '.join(predicates) if predicates else ''} "
            f"WITH n, n.{key} AS k ORDER BY k "
            f"RETURN count(n) AS total, collect(CASE WHEN k > {after} THEN n END)[0..{limit}] AS chosen }} "
            f"RETURN total, [n IN chosen | {row}] AS page"
        ), params.values
    probe = params.add(FULLTEXT_PROBE)
    few = ' AND '.join([f"n:{label.value}", *predicates])
    many = ' AND '.join(checked)
    return (
        f"CALL () {{ {hits}, {{limit: {probe}}}) YIELD node RETURN collect(node) AS hits }} "
        f"CALL (hits) {{ WITH hits WHERE size(hits) < {probe} UNWIND hits AS n WITH n WHERE {few} "
        f"WITH n, n.{key} AS k WHERE k > {after} WITH n, k ORDER BY k LIMIT {limit} RETURN collect({row}) AS few }} "
        # The cursor is null unless the hits are as many as the probe: the code index is then not read at
        # all (a guard in a WHERE is checked on each row the index gives, after it has read them).
        f"CALL (hits) {{ WITH CASE WHEN size(hits) >= {probe} THEN {after} END AS since "
        f"MATCH (n:{label.value}) WHERE n.{key} > since AND {many} WITH n ORDER BY n.{key} LIMIT {limit} RETURN collect({row}) AS page }} "
        "RETURN few + page AS page, null AS total"
    ), params.values


def _projection(var: str, names: tuple[str, ...] | None, keys: tuple[str, ...]) -> str:
    """The node's properties: all of them, or a map of `names` and `keys` (null where it has none)."""
    if names is None:
        return f"properties({var})"
    return f"{var} {{{', '.join('.' + name for name in dict.fromkeys((*keys, *names)))}}}"


# The key properties of every label: a neighbour's label is known only once it is read.
_KEYS = tuple(sorted({label.key for label in Label}))


def _expansion(var: str, step: Step, visibility: Visibility, params: _Params, names: tuple[str, ...] | None = None) -> str:
    """The visible neighbours of `var` along `step`, as a list of [outgoing?, rel props, label, props]."""
    r, m = params.var(), params.var()
    return (
        f"[{_step_pattern(var, r, step, m)} WHERE {_visible_any(m, visibility, params)} "
        f"| [startNode({r}) = {var}, properties({r}), {label_of(m)}, {_projection(m, names, _KEYS)}]]"
    )


def _neighbour_count(var: str, step: Step, visibility: Visibility, params: _Params) -> str:
    """How many visible neighbours `var` has along `step` (the degree store answers when nothing is hidden)."""
    m = params.var()
    visible = _visible_any(m, visibility, params)
    condition = "" if visible == "true" else f" WHERE {visible}"
    return f"COUNT {{ MATCH {_step_pattern(var, '', step, m)}{condition} }}"


def neighbours(label: Label, steps: Sequence[Step], visibility: Visibility) -> tuple[str, dict[str, Any]]:
    """Each key's relationships along `steps` with the visible node at the other end and its properties."""
    params = _Params()
    direction = _direction_predicate("r", "n", steps, params)
    statement = (
        f"UNWIND $keys AS key MATCH (n:{label.value} {{{label.key}: key}}) "
        f"MATCH (n)-[r:{_types(steps)}]-(m) WHERE {direction} AND {_visible_any('m', visibility, params)} "
        # One row of lists: the driver decodes it several times faster than a row per neighbour.
        f"RETURN collect([key, type(r), {label_of('startNode(r)')}, {key_of('startNode(r)')}, "
        f"{label_of('endNode(r)')}, {key_of('endNode(r)')}, properties(r), {label_of('m')}, "
        "properties(m)]) AS found"
    )
    return statement, params.values


def walks(label: Label, steps: Sequence[Step], keep: Sequence[int], visibility: Visibility) -> tuple[str, dict[str, Any]]:
    """Every walk along `steps` from a visible node of `label` through visible nodes, the keys at the
    positions `keep`, each tuple once, in one row of lists. A MATCH per step: the relationships of one
    pattern are all different in Cypher, and a walk may take one again (as the embedded store does)."""
    params = _Params()
    start = _visible("n0", label, visibility, params)
    clauses = [f"MATCH (n0:{label.value})" + (f" WHERE {start}" if start else "")]
    for i, step in enumerate(steps, 1):
        visible = _visible_any(f"n{i}", visibility, params)
        clauses.append(f"MATCH {_step_pattern(f'n{i - 1}', '', step, f'n{i}')}" + (f" WHERE {visible}" if visible != "true" else ""))
    kept = ", ".join(f"{key_of(f'n{i}')} AS k{i}" for i in keep)
    clauses.append(f"WITH DISTINCT {kept} RETURN collect([{', '.join(f'k{i}' for i in keep)}]) AS found")
    return " ".join(clauses), params.values


def traverse(traversal: Traversal, visibility: Visibility) -> tuple[str, dict[str, Any]]:
    """A breadth-first walk unrolled level by level into one statement (no round trip per hop).

    Each level and the final pass over the edges expand every node only the way the walk goes, typed
    and directed (`_walk_step`, `_edges_between`): measured at S=10 on a 2-core AMD EPYC, the
    statement alone for upstream lineage depth 6 went from 25.7 to 9.0 ms, depth 3 from 8.5 to 4.5 ms,
    against an undirected match filtered by direction afterwards.
    """
    params = _Params()
    by_label: dict[Label, list[str]] = {}
    for ref in traversal.starts:
        by_label.setdefault(ref.label, []).append(ref.key)
    starts = " UNION ".join(
        f"UNWIND {params.add(keys)} AS k MATCH (n:{label.value} {{{label.key}: k}}) RETURN n"
        for label, keys in sorted(by_label.items(), key=lambda item: item[0].value)
    )
    if traversal.start_via is not None:
        via = traversal.start_via
        starts = f"CALL () {{ {starts} }} WITH DISTINCT n AS s MATCH {_step_pattern('s', '', via, 'n')} RETURN n"
    limit = params.add(traversal.node_limit)
    parts = [
        f"CALL () {{ {starts} }} WITH DISTINCT n ORDER BY {label_of('n')}, {key_of('n')} "
        f"WITH collect(n) AS found "
        f"WITH found[0..{limit}] AS seen, size(found) > {limit} AS truncated "
        "WITH seen, seen AS frontier, [seen] AS levels, truncated"
    ]
    step = _walk_step("x", "y", traversal.follow)
    for _ in range(traversal.max_depth):
        parts.append(
            "CALL (seen, frontier, truncated) { "
            "UNWIND CASE WHEN truncated THEN [] ELSE frontier END AS x "
            f"{step} WITH * WHERE NOT y IN seen "
            f"WITH DISTINCT y ORDER BY {label_of('y')}, {key_of('y')} RETURN collect(y) AS found }} "
            f"WITH seen, levels, truncated, found, {limit} - size(seen) AS room "
            "WITH seen, levels, truncated OR size(found) > room AS truncated, found[0..room] AS kept "
            "WITH seen + kept AS seen, kept AS frontier, "
            "levels + CASE WHEN size(kept) > 0 THEN [kept] ELSE [] END AS levels, truncated"
        )
    edge_steps = list(traversal.follow)
    if traversal.attach is not None:
        att = traversal.attach
        edge_steps.append(att)
        parts.append(
            "CALL (seen, levels) { UNWIND range(0, size(levels) - 1) AS d UNWIND levels[d] AS x "
            f"MATCH {_step_pattern('x', '', att, 'o')} WHERE NOT o IN seen "
            "WITH o, min(d) AS d RETURN collect([o, d]) AS attached } "
            "WITH seen, levels, truncated, attached"
        )
    else:
        parts.append("WITH seen, levels, truncated, [] AS attached")
    parts.append(
        "WITH seen + [p IN attached | p[0]] AS everything, levels, truncated, attached "
        "CALL (everything) { UNWIND everything AS x "
        f"{_edges_between('x', edge_steps)} WITH * WHERE o IN everything "
        f"RETURN collect([type(r), {label_of('a')}, {key_of('a')}, {label_of('b')}, {key_of('b')}, properties(r)]) AS edges }} "
        f"RETURN [d IN range(0, size(levels) - 1) | [x IN levels[d] | [{label_of('x')}, properties(x), d]]] "
        f"+ [[p IN attached | [{label_of('p[0]')}, properties(p[0]), p[1]]]] AS levels, "
        f"[x IN everything WHERE NOT {_visible_any('x', visibility, params)} | [{label_of('x')}, {key_of('x')}]] AS hidden, "
        "edges, truncated"
    )
    return " ".join(parts), params.values


# Search (`graph.search`): the same tiers, kinds, order and facets as `graph.search.tier` and the
# embedded store, written in Cypher. When a term is Han characters only (two or more), the full-text
# index finds the candidates: every term must be in a match's name, code or summary, and for such a
# term only the name or summary can hold it (a code starts with a letter or a digit), which is what
# the index covers (see `_HAN_ONLY`). Otherwise every node of the searched kinds is a candidate.
def _search_source(query: SearchQuery, labels: Sequence[Label], params: _Params) -> str:
    han = [term for term in query.terms if _HAN_ONLY.match(term)]
    if han:
        lucene = params.add(" AND ".join(f'"{term}"' for term in han))
        kinds = " OR ".join(f"n:{label.value}" for label in labels)
        return f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', {lucene}) YIELD node WITH node AS n WHERE {kinds}"
    return "CALL () { " + " UNION ALL ".join(f"MATCH (n:{label.value}) RETURN n" for label in labels) + " } WITH n"


def _search_tier(params: _Params, query: SearchQuery) -> str:
    """`tier` and the sort key of a candidate `n` (null tier: no match), as `tier` and `sk`."""
    text, terms = params.add(query.text), params.add(list(query.terms))
    others = " OR ".join(
        f"(n:{label.value} AND toLower(coalesce(n.{field}, '')) CONTAINS t)" for label, fields in OTHER_TEXT.items() for field in fields
    )
    kind = " ".join(f"WHEN n:{label.value} THEN {i}" for i, label in enumerate(KIND_ORDER))
    return (
        "WITH n, toLower(n.code) AS k, toLower(coalesce(n.name, '')) AS nm "
        f"WITH n, k, nm, CASE WHEN k = {text} OR nm = {text} THEN {int(Tier.EXACT)} "
        f"WHEN k STARTS WITH {text} OR nm STARTS WITH {text} THEN {int(Tier.PREFIX)} "
        f"WHEN all(t IN {terms} WHERE nm CONTAINS t OR k STARTS WITH t) THEN {int(Tier.TERMS)} "
        f"WHEN all(t IN {terms} WHERE nm CONTAINS t OR k STARTS WITH t OR {others or 'false'}) THEN {int(Tier.SUBSTRING)} END AS tier "
        f"WHERE tier IS NOT NULL WITH n, tier, [tier, CASE {kind} END, size(nm), n.code] AS sk"
    )


def _facet_values() -> str:
    """Each match's facet values (`graph.search.Facet`), as `department`, `catalog_kind`, `share_type`,
    `open_type`, `update_cycle` lists, from `n` and its resources `res`."""
    resource_of = " ".join(
        f"WHEN n:{label.value} THEN " + ("[n]" if step is None else f"[{_step_pattern('n', '', step, 'r:Resource')} | r]")
        for label, step in RESOURCE_OF.items()
    )
    department_of = " ".join(
        f"WHEN n:{label.value} THEN " + ("[n.code]" if step is None else f"[{_step_pattern('n', '', step, 'd:Department')} | d.code]")
        for label, step in DEPARTMENT_OF.items()
    )
    provider = _step_pattern("r", "", PROVIDER_OF_RESOURCE, "d:Department")
    catalogs = _step_pattern("r", "", CATALOGS_OF_RESOURCE, "c:Catalog")
    own = ", ".join(f"[r IN res WHERE r.{prop} IS NOT NULL | r.{prop}] AS {facet}" for facet, prop in RESOURCE_FACETS.items())
    return (
        f"WITH n, tier, sk, CASE {resource_of} ELSE [] END AS res "
        f"WITH n, tier, sk, res, CASE {department_of} ELSE reduce(a = [], r IN res | a + [{provider} | d.code]) END AS {Facet.DEPARTMENT}, "
        f"CASE WHEN n:Catalog THEN [x IN [n.kind] WHERE x IS NOT NULL] "
        f"ELSE reduce(a = [], r IN res | a + [{catalogs} WHERE c.kind IS NOT NULL | c.kind]) END AS {Facet.CATALOG_KIND}, {own}"
    )


def search_page(query: SearchQuery, visibility: Visibility) -> tuple[str, dict[str, Any]]:
    """The query's page of matches (`first` + 1 rows, to tell whether more follow) as
    [label, properties, tier, sort key] rows in `page`, and with `query.count` their `total`."""
    params = _Params()
    source = _search_source(query, query.kinds, params)
    visible = _visible_any("n", visibility, params)
    matched = f"{source} WITH n WHERE {visible} {_search_tier(params, query)}"
    if query.where:
        conditions = [f"any(v IN {facet} WHERE v IN {params.add(list(values))})" for facet, values in query.where]
        matched += f" {_facet_values()} WITH * WHERE {' AND '.join(conditions)}"
    after = f"WHERE sk > {params.add(list(query.after))} " if query.after is not None else ""
    page = (
        f"CALL () {{ {matched} WITH n, tier, sk {after}ORDER BY sk LIMIT {params.add(query.first + 1)} "
        f"RETURN collect([{label_of('n')}, n {{.*}}, tier, sk]) AS page }}"
    )
    if query.count:
        return f"{page} CALL () {{ {matched} RETURN count(n) AS total }} RETURN page, total", params.values
    return f"{page} RETURN page, null AS total", params.values


def search_facets(query: SearchQuery, visibility: Visibility) -> tuple[str, dict[str, Any]]:
    """Every match of the query's text among every searched kind, before its kinds and filters, as
    [label, department, catalog_kind, share_type, open_type, update_cycle] rows."""
    params = _Params()
    source = _search_source(query, KIND_ORDER, params)
    visible = _visible_any("n", visibility, params)
    facets = ", ".join(Facet.ALL[1:])
    return (
        f"{source} WITH n WHERE {visible} {_search_tier(params, query)} {_facet_values()} "
        f"RETURN {label_of('n')} AS label, {facets}"
    ), params.values
