"""OpenLineage events as lineage (血缘): parse one event, map its datasets to resources, write DERIVED_FROM.

Three kinds of event, told apart as Marquez tells them, by the last segment of `schemaURL`
(`…#/$defs/JobEvent`; none, or any other: a RunEvent):
- a RunEvent states what one run of a job read and wrote;
- a JobEvent (OpenLineage 2 static lineage) states a job's inputs and outputs without a run: the same
  lineage, known from the job's definition rather than observed;
- a DatasetEvent (static metadata) states a dataset and its facets: the dataset becomes its resource
  (created uncatalogued when missing) and the fields of its `schema` facet become the resource's items.

An event is checked whole before anything is written, then applied as one unit of work. Each output
dataset derives from every input dataset (and from the datasets its column lineage names); the
`columnLineage` facet becomes item-level edges. A dataset the mapping does not name becomes an
uncatalogued resource (未编目) with a code derived from its namespace and name. Every write is a
MERGE, so replaying an event, or a run's other events, changes nothing. Example::

    mapping = read_mapping(Path("openlineage.yaml"))
    report = await load_event(store, body, mapping)   # body: the event as the client sent it (JSON)
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from graph import identifiers, validation
from graph.changes import Changes
from graph.entities import InternalCode, ResourceCode
from graph.errors import ConflictError, InvalidDataError, Problem, ProblemList
from graph.i18n import _, quote
from graph.labels import Direction, Label, RelType
from graph.records import NodeRef, Props, Step
from graph.store import GraphStore
from graph.terms import ResourceStatus, ShareType
from loaders import bounded_yaml

WHERE = "event"
MARKER = "openlineage-mapping/1"
UNCATALOGUED_CLASS = "999999"
MAX_EDGES = 10_000
MAX_TRANSFORM = 400
MAX_NAME = 200
MAX_TEXT = 4000
SEEN = "Seen in OpenLineage as dataset"

NonBlank = Annotated[str, Field(min_length=1, pattern=r"\S")]


class EventType(str, Enum):
    """The run state an event reports (OpenLineage `eventType`)."""

    START = "START"
    RUNNING = "RUNNING"
    COMPLETE = "COMPLETE"
    ABORT = "ABORT"
    FAIL = "FAIL"
    OTHER = "OTHER"


# A failed or aborted run produced nothing to derive from; every other event states what the job
# reads and writes (a streaming job may never COMPLETE), so it is lineage.
IGNORED = frozenset({EventType.FAIL, EventType.ABORT})


# The event, as much of the OpenLineage spec as lineage needs; anything else in it is ignored.


class _Event(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")


class InputField(_Event):
    """One input column of an output column (columnLineage `inputFields[]`)."""

    namespace: NonBlank
    name: NonBlank
    field: NonBlank


class FieldLineage(_Event):
    """The input columns one output column is computed from."""

    input_fields: list[InputField] = Field(alias="inputFields")


class ColumnLineage(_Event):
    """The `columnLineage` dataset facet (字段级血缘): output column → its input columns."""

    fields: dict[NonBlank, FieldLineage]


class OutputFacets(_Event):
    """An output dataset's facets; only `columnLineage` is read."""

    column_lineage: ColumnLineage | None = Field(default=None, alias="columnLineage")


class Dataset(_Event):
    """A dataset as OpenLineage names it: a namespace (the data source) and a name within it."""

    namespace: NonBlank
    name: NonBlank


class OutputDataset(Dataset):
    """An output dataset, with its facets."""

    facets: OutputFacets | None = None


class Run(_Event):
    """The run an event belongs to."""

    run_id: UUID = Field(alias="runId")


class Job(_Event):
    """The job that ran: a namespace (the scheduler) and a name."""

    namespace: NonBlank
    name: NonBlank


class RunEvent(_Event):
    """An OpenLineage RunEvent (运行事件)."""

    event_type: EventType | None = Field(default=None, alias="eventType")
    event_time: datetime = Field(alias="eventTime")
    run: Run
    job: Job
    producer: str | None = None
    inputs: list[Dataset] | None = None
    outputs: list[OutputDataset] | None = None


class JobEvent(_Event):
    """An OpenLineage 2 JobEvent (静态血缘): a job's inputs and outputs, stated without a run."""

    event_time: datetime = Field(alias="eventTime")
    job: Job
    producer: str | None = None
    inputs: list[Dataset] | None = None
    outputs: list[OutputDataset] | None = None


class SchemaField(_Event):
    """A field of a dataset's `schema` facet; a struct's own fields nest under it."""

    name: NonBlank
    type: str | None = None
    description: str | None = None
    fields: list[SchemaField] | None = None


class SchemaFacet(_Event):
    """The `schema` dataset facet: the dataset's fields (its columns)."""

    fields: list[SchemaField] = Field(default_factory=list)


class DatasetFacets(_Event):
    """A static dataset's facets; only `schema` is read."""

    schema_facet: SchemaFacet | None = Field(default=None, alias="schema")


class StaticDataset(Dataset):
    """A dataset as a DatasetEvent states it, with its facets."""

    facets: DatasetFacets | None = None


class DatasetEvent(_Event):
    """An OpenLineage 2 DatasetEvent (静态元数据): a dataset and its facets, stated without a run or a job."""

    event_time: datetime = Field(alias="eventTime")
    producer: str | None = None
    dataset: StaticDataset


AnyEvent = RunEvent | JobEvent | DatasetEvent
LineageEvent = RunEvent | JobEvent  # the events that state lineage: a job's inputs and outputs
_KINDS: dict[str, type[RunEvent] | type[JobEvent] | type[DatasetEvent]] = {"JobEvent": JobEvent, "DatasetEvent": DatasetEvent}


def _path(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def _problems(where: str, error: ValidationError) -> list[Problem]:
    return [Problem(where, _path(e["loc"]), validation.reason(e)) for e in error.errors()]


def event_kind(body: bytes | str) -> type[RunEvent] | type[JobEvent] | type[DatasetEvent]:
    """Which event `body` is, as Marquez decides it: the last segment of its `schemaURL`, else a RunEvent."""
    try:
        raw = json.loads(body)
    except ValueError:
        return RunEvent  # the RunEvent's parse says what is wrong with the text
    url = raw.get("schemaURL") if isinstance(raw, dict) else None
    return _KINDS.get(url.rsplit("/", 1)[-1], RunEvent) if isinstance(url, str) else RunEvent


def parse_event(body: bytes | str) -> AnyEvent:
    """One event from its JSON text; `InvalidDataError` names each wrong field (`event: run.runId: is required`)."""
    try:
        return event_kind(body).model_validate_json(body)
    except ValidationError as e:
        raise InvalidDataError(_problems(WHERE, e)) from None


# The mapping: which resource a dataset is, which system a job namespace runs on.


@dataclass(frozen=True, order=True)
class DatasetKey:
    """A dataset's identity: namespace and name."""

    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.name}"


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatasetEntry(_Config):
    """One dataset that is a catalog resource; `fields` renames its columns to the resource's item names."""

    namespace: NonBlank
    name: NonBlank
    resource: ResourceCode
    fields: dict[NonBlank, NonBlank] = Field(default_factory=dict)


class DatasetRule(_Config):
    """Every dataset whose namespace starts with `namespace_prefix` and whose name matches the glob `name_pattern`."""

    namespace_prefix: NonBlank
    name_pattern: NonBlank = "*"
    resource: ResourceCode

    def matches(self, dataset: DatasetKey) -> bool:
        return dataset.namespace.startswith(self.namespace_prefix) and fnmatch.fnmatchcase(dataset.name, self.name_pattern)


class LineageMapping(_Config):
    """Datasets to resource codes (exact entries first, then rules in order) and job namespaces to system codes."""

    datasets: list[DatasetEntry] = Field(default_factory=list)
    rules: list[DatasetRule] = Field(default_factory=list)
    systems: dict[NonBlank, InternalCode] = Field(default_factory=dict)
    _exact: dict[DatasetKey, DatasetEntry] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _index(self) -> LineageMapping:
        for i, entry in enumerate(self.datasets):
            key = DatasetKey(entry.namespace, entry.name)
            if key in self._exact:
                raise ValueError(_("datasets[{index}] maps {dataset} again", index=i, dataset=quote(str(key))))
            self._exact[key] = entry
        return self

    def resource_for(self, dataset: DatasetKey) -> str | None:
        """The resource code of `dataset`, or None when neither an entry nor a rule names it."""
        entry = self._exact.get(dataset)
        if entry is not None:
            return entry.resource
        return next((rule.resource for rule in self.rules if rule.matches(dataset)), None)

    def field_for(self, dataset: DatasetKey, column: str) -> str:
        """The item name of `column` of `dataset` (the column's own name unless the entry renames it)."""
        entry = self._exact.get(dataset)
        return entry.fields.get(column, column) if entry is not None else column

    def system_for(self, job_namespace: str) -> str | None:
        """The system code a job namespace runs on, if the mapping names one."""
        return self.systems.get(job_namespace)


def read_mapping(path: Path | None) -> LineageMapping:
    """The mapping in a YAML or JSON file marked `govgraph: openlineage-mapping/1` (none: map nothing)."""
    if path is None:
        return LineageMapping()
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidDataError([Problem(where, "", _("cannot read the mapping: {detail}", detail=getattr(e, "strerror", None) or e))]) from None
    raw = bounded_yaml.load(text, where)
    if not isinstance(raw, dict) or raw.get("govgraph") != MARKER:
        raise InvalidDataError([Problem(where, "govgraph", _("expected the marker 'govgraph: {format}'", format=MARKER))])
    try:
        return LineageMapping.model_validate({k: v for k, v in raw.items() if k != "govgraph"})
    except ValidationError as e:
        raise InvalidDataError(_problems(where, e)) from None


def uncatalogued_code(dataset: DatasetKey) -> str:
    """The code of a dataset no catalog has: `999999/` and 9 digits of SHA-256 over its namespace and name."""
    digest = hashlib.sha256(json.dumps([dataset.namespace, dataset.name], ensure_ascii=False).encode("utf-8")).digest()
    return f"{UNCATALOGUED_CLASS}/{int.from_bytes(digest[:8], 'big') % 10**9:09d}"


# What one event says, in the graph's terms, before the store is asked anything.


@dataclass(frozen=True)
class Target:
    """A dataset resolved to a resource code; `mapped` says whether the mapping named it."""

    dataset: DatasetKey
    code: str
    mapped: bool


@dataclass
class EventLineage:
    """The resources, items and DERIVED_FROM edges (output → input) one event states."""

    transform: str
    system: str | None
    targets: dict[DatasetKey, Target] = field(default_factory=dict)
    resource_edges: set[tuple[str, str]] = field(default_factory=set)
    item_edges: set[tuple[str, str]] = field(default_factory=set)
    items: dict[str, tuple[str, str]] = field(default_factory=dict)

    def target(self, dataset: DatasetKey, mapping: LineageMapping) -> Target:
        if dataset not in self.targets:
            code = mapping.resource_for(dataset)
            self.targets[dataset] = Target(dataset, code or uncatalogued_code(dataset), code is not None)
        return self.targets[dataset]

    def item(self, resource: str, name: str, where: str, problems: ProblemList) -> str | None:
        """The item code of column `name` of `resource`, remembered for creation; None when it cannot be one."""
        try:
            code = identifiers.make_item_code(resource, name)
            validation.node(Label.DATA_ITEM, {"code": code, "name": name})
        except ValueError as e:
            problems.add(WHERE, where, str(e))
            return None
        except InvalidDataError as e:
            problems.add(WHERE, where, e.problems[0].reason)
            return None
        self.items.setdefault(code, (resource, name.strip()))
        return code


def _key(dataset: Dataset | InputField) -> DatasetKey:
    return DatasetKey(dataset.namespace, dataset.name)


def _column_edges(
    lineage: EventLineage, mapping: LineageMapping, out: Target, facet: ColumnLineage, where: str, problems: ProblemList
) -> None:
    for column, derivation in facet.fields.items():
        column_where = f"{where}.fields{_path([column])}"
        out_item = lineage.item(out.code, mapping.field_for(out.dataset, column), column_where, problems)
        for j, source in enumerate(derivation.input_fields):
            upstream = lineage.target(_key(source), mapping)
            if upstream.code != out.code:
                lineage.resource_edges.add((out.code, upstream.code))
            in_item = lineage.item(
                upstream.code, mapping.field_for(upstream.dataset, source.field), f"{column_where}.inputFields[{j}].field", problems
            )
            if out_item is not None and in_item is not None and in_item != out_item:
                lineage.item_edges.add((out_item, in_item))


def _identity(dataset: Dataset, mapping: LineageMapping) -> str | tuple[str, str]:
    """What a dataset becomes, cheaply: its mapped resource code, else the dataset itself (each unmapped
    dataset is a resource of its own); no hashing, so that counting costs little even for 16,000 datasets."""
    if mapping.datasets or mapping.rules:
        code = mapping.resource_for(DatasetKey(dataset.namespace, dataset.name))
        if code is not None:
            return code
    return (dataset.namespace, dataset.name)


def _oversized(event: LineageEvent, mapping: LineageMapping) -> list[Problem]:
    """What makes the event state more than MAX_EDGES edges, counted before any edge is built.

    Each output derives from every input (other than itself), so the resource edges are
    outputs × inputs less the datasets that are both (counted by the resources they map to); column
    lineage adds at most one resource and one item edge per input field.
    """
    problems = []
    outputs = {_identity(d, mapping) for d in event.outputs or []}
    inputs = {_identity(d, mapping) for d in event.inputs or []}
    pairs = len(outputs) * len(inputs) - len(outputs & inputs)
    if pairs > MAX_EDGES:
        reason = _(
            "{outputs:,} outputs × {inputs:,} inputs state {pairs:,} lineage edges, more than the {limit:,} one event may carry; send the lineage in several events",
            outputs=len(outputs), inputs=len(inputs), pairs=pairs, limit=MAX_EDGES,
        )
        problems.append(Problem(WHERE, "outputs × inputs", reason))
    fields = [
        len(derivation.input_fields)
        for output in event.outputs or []
        if output.facets is not None and output.facets.column_lineage is not None
        for derivation in output.facets.column_lineage.fields.values()
    ]
    if sum(fields) > MAX_EDGES:
        reason = _(
            "the column lineage names {count:,} input fields, more than the {limit:,} one event may carry",
            count=sum(fields), limit=MAX_EDGES,
        )
        problems.append(Problem(WHERE, "outputs[].facets.columnLineage.fields[].inputFields", reason))
    return problems


def event_lineage(event: LineageEvent, mapping: LineageMapping) -> EventLineage:
    """The lineage `event` states, checked whole: `InvalidDataError` lists what cannot become graph data.

    Its size is counted before anything is built (`_oversized`): an event of thousands × thousands
    of datasets is refused in milliseconds, never expanded into millions of pairs.
    """
    problems = ProblemList()
    transform = f"{event.job.namespace}/{event.job.name}"
    if len(transform) > MAX_TRANSFORM:
        problems.add(WHERE, "job", _("namespace/name is longer than {limit} characters, too long to record as the transform", limit=MAX_TRANSFORM))
    problems.extend(_oversized(event, mapping))
    problems.raise_if_any()
    lineage = EventLineage(transform, mapping.system_for(event.job.namespace))
    inputs = [lineage.target(_key(d), mapping) for d in event.inputs or []]
    for i, output in enumerate(event.outputs or []):
        out = lineage.target(_key(output), mapping)
        lineage.resource_edges.update((out.code, source.code) for source in inputs if source.code != out.code)
        facet = output.facets.column_lineage if output.facets else None
        if facet is not None:
            _column_edges(lineage, mapping, out, facet, f"outputs[{i}].facets.columnLineage", problems)
    size = len(lineage.resource_edges) + len(lineage.item_edges)
    if size > MAX_EDGES:
        problems.add(WHERE, "", _("states {size:,} lineage edges, more than the {limit:,} one event may carry", size=size, limit=MAX_EDGES))
    problems.raise_if_any()
    return lineage


# Writing it: create what is missing, keep what the edges already record, one unit of work.


@dataclass(frozen=True)
class DatasetReport:
    """A dataset of the event and the resource it became; `created` when this event created that resource."""

    namespace: str
    name: str
    resource: str
    created: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"namespace": self.namespace, "name": self.name, "resource": self.resource, "created": self.created}


@dataclass(frozen=True)
class LineageReport:
    """What one event did: the datasets it mapped, the uncatalogued resources it named, the edges it wrote."""

    run_id: str | None
    event_type: str | None
    job: str | None
    stored: bool
    event: str = "RunEvent"
    reason: str | None = None
    system: str | None = None
    mapped: list[DatasetReport] = field(default_factory=list)
    uncatalogued: list[DatasetReport] = field(default_factory=list)
    items_created: list[str] = field(default_factory=list)
    resource_edges: int = 0
    item_edges: int = 0
    new_edges: int = 0

    def to_json(self) -> dict[str, Any]:
        """The report as the API answers it."""
        body: dict[str, Any] = {"event": self.event, "runId": self.run_id, "eventType": self.event_type, "job": self.job, "stored": self.stored}
        if not self.stored:
            return {**body, "reason": self.reason}
        return {
            **body,
            "system": self.system,
            "mapped": [d.to_json() for d in self.mapped],
            "uncatalogued": [d.to_json() for d in self.uncatalogued],
            "itemsCreated": self.items_created,
            "edges": {"resources": self.resource_edges, "items": self.item_edges, "new": self.new_edges},
        }


def _placeholder(target: Target) -> dict[str, Any]:
    """An uncatalogued resource named after its dataset, read in the most restricted way: not shared."""
    dataset = target.dataset
    summary = f"{SEEN} {dataset.name!r} of namespace {dataset.namespace!r}; in no catalog (未编目)."
    name = dataset.name.strip()
    return {
        "code": target.code,
        "name": name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…",
        "summary": summary[:MAX_TEXT],
        "share_type": ShareType.NOT_SHARED.value,
        "status": ResourceStatus.UNCATALOGUED.value,
    }


async def _stored_edges(store: GraphStore, label: Label, starts: set[str]) -> dict[tuple[str, str], Props]:
    """The DERIVED_FROM edges already leaving `starts`, with their properties."""
    found = await store.neighbours_many(label, sorted(starts), [Step(RelType.DERIVED_FROM, Direction.OUT)])
    return {(rel.start.key, rel.end.key): rel.props for pairs in found.values() for rel, _other in pairs}


async def _resources(store: GraphStore, lineage: EventLineage, changes: Changes) -> tuple[list[DatasetReport], list[DatasetReport]]:
    """Create the resources the store lacks; report the datasets the mapping named and those it did not."""
    stored = await store.get_many(Label.RESOURCE, sorted({t.code for t in lineage.targets.values()}))
    holders: dict[str, DatasetKey] = {}
    creating: set[str] = set()
    mapped: list[DatasetReport] = []
    uncatalogued: list[DatasetReport] = []
    for key in sorted(lineage.targets):
        target = lineage.targets[key]
        props = _placeholder(target)
        node = stored.get(target.code)
        if not target.mapped:
            _check_unclaimed(target, holders.setdefault(target.code, key), node.props if node else props)
        created = node is None and target.code not in creating
        if created:
            changes.upsert_node(Label.RESOURCE, props, WHERE)
            creating.add(target.code)
        (mapped if target.mapped else uncatalogued).append(DatasetReport(key.namespace, key.name, target.code, created))
    return mapped, uncatalogued


def _check_unclaimed(target: Target, holder: DatasetKey, props: Props) -> None:
    """Refuse a dataset whose uncatalogued code another dataset holds (a hash collision): never merge two datasets."""
    summary = str(props.get("summary", ""))
    if holder != target.dataset or (summary.startswith(SEEN) and summary != _placeholder(target)["summary"]):
        raise ConflictError(_("dataset {dataset} hashes to {code}, which another dataset holds; map it explicitly", dataset=quote(str(target.dataset), 120), code=target.code))


async def _items(store: GraphStore, lineage: EventLineage, changes: Changes, types: Mapping[str, str] | None = None) -> list[str]:
    """Create the items no store has, each with HAS_ITEM from its resource (and its data type, when `types` knows it)."""
    stored = await store.get_many(Label.DATA_ITEM, sorted(lineage.items))
    created = []
    for code in sorted(set(lineage.items) - set(stored)):
        resource, name = lineage.items[code]
        known = types.get(code) if types else None
        item = changes.upsert_node(Label.DATA_ITEM, {"code": code, "name": name, **({"data_type": known} if known else {})}, WHERE)
        changes.upsert_relationship(RelType.HAS_ITEM, NodeRef(Label.RESOURCE, resource), item.ref, where=WHERE)
        created.append(code)
    return created


async def _edges(store: GraphStore, lineage: EventLineage, label: Label, edges: set[tuple[str, str]], changes: Changes) -> int:
    """Upsert the edges: the event sets transform (and system, when mapped); the rest an edge records stays."""
    if not edges:
        return 0
    stored = await _stored_edges(store, label, {start for start, _end in edges})
    given = {"transform": lineage.transform, **({"system": lineage.system} if lineage.system else {})}
    for start, end in sorted(edges):
        props = {**stored.get((start, end), {}), **given}
        changes.upsert_relationship(RelType.DERIVED_FROM, NodeRef(label, start), NodeRef(label, end), props, WHERE)
    return len(edges - set(stored))


def _dataset_text(dataset: Dataset) -> str:
    return json.dumps([dataset.namespace, dataset.name], ensure_ascii=False)


def _datasets(texts: Iterable[str]) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        namespace, name = json.loads(text)
        found.append((str(namespace), str(name)))
    return found


def _with_run(event: RunEvent, run: Props | None) -> RunEvent:
    """The event with the datasets its run's earlier events named (a run's START may name its inputs and
    its COMPLETE its outputs, as the OpenLineage examples do): its own outputs keep their facets."""
    if run is None:
        return event
    own_inputs = {_key(d) for d in event.inputs or []}
    own_outputs = {_key(d) for d in event.outputs or []}
    inputs = [Dataset(namespace=ns, name=n) for ns, n in _datasets(run.get("inputs", [])) if DatasetKey(ns, n) not in own_inputs]
    outputs = [OutputDataset(namespace=ns, name=n) for ns, n in _datasets(run.get("outputs", [])) if DatasetKey(ns, n) not in own_outputs]
    return event.model_copy(update={"inputs": [*inputs, *(event.inputs or [])], "outputs": [*outputs, *(event.outputs or [])]})


def _run_record(event: RunEvent, job: str) -> dict[str, Any]:
    return {
        "id": str(event.run.run_id),
        "job": job,
        "inputs": sorted({_dataset_text(d) for d in event.inputs or []}),
        "outputs": sorted({_dataset_text(d) for d in event.outputs or []}),
    }


async def load_event(store: GraphStore, body: bytes | str, mapping: LineageMapping) -> LineageReport:
    """Check one event whole, then write what it states as one unit of work: a RunEvent's or a JobEvent's
    lineage (nothing for a failed or aborted run), a DatasetEvent's dataset and its fields.

    A RunEvent's lineage is its run's: the datasets this event names with those the run's earlier events
    named (`LineageRun`), so an event that names only inputs is remembered until one names outputs."""
    event = parse_event(body)
    if isinstance(event, DatasetEvent):
        return await load_dataset(store, event, mapping)
    job = f"{event.job.namespace}/{event.job.name}"
    changes = Changes()
    if isinstance(event, JobEvent):
        report = LineageReport(None, None, job, stored=False, event="JobEvent")
    else:
        kind = event.event_type.value if event.event_type else None
        report = LineageReport(str(event.run.run_id), kind, job, stored=False)
        if event.event_type in IGNORED:
            return replace(report, reason=_("a {kind} event: the run ended without producing its outputs", kind=kind))
        run = await store.get(Label.LINEAGE_RUN, str(event.run.run_id))
        event = _with_run(event, run.props if run else None)
        changes.upsert_node(Label.LINEAGE_RUN, _run_record(event, job), WHERE)
    lineage = event_lineage(event, mapping)
    if not lineage.resource_edges and not lineage.item_edges:
        if isinstance(event, RunEvent) and (event.inputs or event.outputs):
            await store.apply(changes)
            return replace(report, reason=_("the run has named no output and input other than that output yet: its datasets are kept until an event of the run does"))
        return replace(report, reason=_("the event states no lineage: it needs an output and an input other than that output"))
    mapped, uncatalogued = await _resources(store, lineage, changes)
    items = await _items(store, lineage, changes)
    new = await _edges(store, lineage, Label.RESOURCE, lineage.resource_edges, changes)
    new += await _edges(store, lineage, Label.DATA_ITEM, lineage.item_edges, changes)
    await store.apply(changes)
    return replace(
        report,
        stored=True,
        system=lineage.system,
        mapped=mapped,
        uncatalogued=uncatalogued,
        items_created=items,
        resource_edges=len(lineage.resource_edges),
        item_edges=len(lineage.item_edges),
        new_edges=new,
    )


# A DatasetEvent: the dataset as a resource, the fields of its schema as the resource's items.

MAX_FIELDS = 2_000

# Column types as databases and OpenLineage producers name them -> the national template's data types.
_DATA_TYPES = {
    "CHARACTER": ("CHAR", "VARCHAR", "VARCHAR2", "NVARCHAR", "NCHAR", "TEXT", "STRING", "CLOB", "UUID"),
    "INTEGER": ("INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "INT2", "INT4", "INT8", "LONG", "SHORT"),
    "NUMERIC": ("NUMERIC", "DECIMAL", "NUMBER"),
    "FLOAT": ("FLOAT", "REAL", "FLOAT4"),
    "DOUBLE": ("DOUBLE", "DOUBLE PRECISION", "FLOAT8"),
    "DATE": ("DATE",),
    "DATETIME": ("TIMESTAMP", "DATETIME", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITHOUT TIME ZONE"),
    "LOGICAL": ("BOOLEAN", "BOOL", "BIT"),
    "MEMO": ("JSON", "JSONB", "XML"),
    "GENERAL": ("BLOB", "BYTEA", "BINARY", "VARBINARY", "BYTES"),
}
_DATA_TYPE_OF = {name: data_type for data_type, names in _DATA_TYPES.items() for name in names}


def data_type(column_type: str | None) -> str | None:
    """The template's data type of a column type (`VARCHAR(32)` -> CHARACTER), or None when it names none."""
    if not column_type:
        return None
    return _DATA_TYPE_OF.get(column_type.split("(")[0].strip().upper())


def _flattened(fields: list[SchemaField], prefix: str = "", where: str = "dataset.facets.schema.fields") -> Iterable[tuple[str, SchemaField, str]]:
    """Each field with its full name (a struct's fields as `parent.child`) and where it is in the event."""
    for i, schema_field in enumerate(fields):
        at = f"{where}[{i}]"
        yield prefix + schema_field.name, schema_field, at
        if schema_field.fields:
            yield from _flattened(schema_field.fields, f"{prefix}{schema_field.name}.", f"{at}.fields")


async def load_dataset(store: GraphStore, event: DatasetEvent, mapping: LineageMapping) -> LineageReport:
    """A DatasetEvent's dataset as its resource (created uncatalogued when missing) and its schema's fields
    as that resource's items, each created when missing; an existing resource or item is never overwritten."""
    key = _key(event.dataset)
    lineage = EventLineage(transform="", system=None)
    target = lineage.target(key, mapping)
    facet = event.dataset.facets.schema_facet if event.dataset.facets else None
    fields = list(_flattened(facet.fields)) if facet else []
    problems = ProblemList()
    if len(fields) > MAX_FIELDS:
        problems.add(WHERE, "dataset.facets.schema.fields", _("states {count:,} fields, more than the {limit:,} one event may carry", count=len(fields), limit=MAX_FIELDS))
    problems.raise_if_any()
    types: dict[str, str] = {}
    for name, schema_field, where in fields:
        code = lineage.item(target.code, mapping.field_for(key, name), f"{where}.name", problems)
        found = data_type(schema_field.type)
        if code is not None and found is not None:
            types.setdefault(code, found)
    problems.raise_if_any()
    changes = Changes()
    mapped, uncatalogued = await _resources(store, lineage, changes)
    created = await _items(store, lineage, changes, types)
    await store.apply(changes)
    return LineageReport(None, None, None, stored=True, event="DatasetEvent", mapped=mapped, uncatalogued=uncatalogued, items_created=created)
