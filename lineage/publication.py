"""Publication of the open catalog (开放目录, Art.10, Art.21–23) as W3C DCAT 3, with rdflib.

The catalog is the derived open catalog of `lineage.catalogs.open_catalog`, nothing else: each
open resource becomes a `dcat:Dataset` described only by what the public may know — name, summary,
code, provider, classification, update cycle, publication date, format, open condition, usage note,
priority domain, and the fields (信息项) that are not personal or are desensitised (Art.23). Share
types and conditions, legal bases, systems, aggregation and every other internal attribute are never
read into the graph, so they cannot leak. Example::

    entries = await open_entries(store)
    graph = dcat_catalog(entries, "https://data.sjs.gov.cn/")
    turtle = serialise(graph, "text/turtle")

Fields are described on the distribution as a CSVW table schema (`dct:conformsTo` a `csvw:Schema`
with one `csvw:Column` per field: name, Chinese title, XSD datatype) rather than as keywords:
machine-readable (Art.23) and kept apart from the search keywords.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import CSVW, DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from graph.access import PUBLIC
from graph.labels import Direction, Label, RelType
from graph.records import Node, Step
from graph.store import MAX_PAGE, GraphStore
from graph.terms import CatalogKind, CatalogTheme, DataType, FormatClass, IdentifierKind, OpenType, PriorityDomain, UpdateCycle
from lineage.access import visibility
from lineage.catalogs import ResourceFilter, open_catalog, resource_query

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
FREQUENCY = Namespace(EU + "frequency/")
ACCESS_RIGHT = Namespace(EU + "access-right/")
FILE_TYPE = Namespace(EU + "file-type/")
LANGUAGE = Namespace(EU + "language/")
IANA = "https://www.iana.org/assignments/media-types/"
ZH = "zh"

# 更新周期 -> the EU frequency vocabulary (publications.europa.eu/resource/authority/frequency).
FREQUENCIES: dict[UpdateCycle, URIRef] = {
    UpdateCycle.REALTIME: FREQUENCY.CONT,
    UpdateCycle.DAILY: FREQUENCY.DAILY,
    UpdateCycle.WEEKLY: FREQUENCY.WEEKLY,
    UpdateCycle.MONTHLY: FREQUENCY.MONTHLY,
    UpdateCycle.QUARTERLY: FREQUENCY.QUARTERLY,
    UpdateCycle.HALF_YEARLY: FREQUENCY.ANNUAL_2,
    UpdateCycle.YEARLY: FREQUENCY.ANNUAL,
    UpdateCycle.OTHER: FREQUENCY.OTHER,
}
# 信息资源格式类型 (as departments write it) -> IANA media type and EU file type; others get a label only.
FORMATS: dict[str, tuple[str | None, str]] = {
    "csv": ("text/csv", "CSV"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "xls": ("application/vnd.ms-excel", "XLS"),
    "json": ("application/json", "JSON"),
    "geojson": ("application/geo+json", "GEOJSON"),
    "xml": ("application/xml", "XML"),
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    "doc": ("application/msword", "DOC"),
    "txt": ("text/plain", "TXT"),
    "html": ("text/html", "HTML"),
    "zip": ("application/zip", "ZIP"),
    "jpg": ("image/jpeg", "JPEG"),
    "jpeg": ("image/jpeg", "JPEG"),
    "png": ("image/png", "PNG"),
    "tif": ("image/tiff", "TIFF"),
    "tiff": ("image/tiff", "TIFF"),
    "mp4": ("video/mp4", "MP4"),
    "shp": (None, "SHP"),
}
DATATYPES: dict[DataType, URIRef] = {
    DataType.CHARACTER: XSD.string,
    DataType.NUMERIC: XSD.decimal,
    DataType.CURRENCY: XSD.decimal,
    DataType.DATE: XSD.date,
    DataType.DATETIME: XSD.dateTime,
    DataType.LOGICAL: XSD.boolean,
    DataType.MEMO: XSD.string,
    DataType.GENERAL: XSD.base64Binary,
    DataType.DOUBLE: XSD.double,
    DataType.INTEGER: XSD.integer,
    DataType.FLOAT: XSD.float,
}
_CLASS_OF = {CatalogKind.BASE: "基础", CatalogKind.THEME: "主题", CatalogKind.DEPARTMENT: "部门"}
_STEPS = (
    Step(RelType.PROVIDES, Direction.IN),
    Step(RelType.HAS_ITEM, Direction.OUT),
    Step(RelType.LISTED_IN, Direction.OUT),
    Step(RelType.PUBLISHED_ON, Direction.OUT),
)

# RDF syntaxes served, by media type, in order of preference (the first is the default).
MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
JSONLD_CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "skos": str(SKOS),
    "csvw": str(CSVW),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
CATALOG_TITLE = "政务信息资源开放目录"
CATALOG_DESCRIPTION = "区经济信息化委依据各政务信息资源的开放属性，由基础目录、主题目录和部门目录形成的开放目录（第十条、第二十一至二十三条）。"


@dataclass(frozen=True)
class OpenEntry:
    """An open resource with what its dataset description needs: provider, public items, catalogs, portals."""

    resource: Node
    provider: Node | None
    items: list[Node]
    catalogs: list[Node]
    portals: list[Node]


def is_public_item(item: Node) -> bool:
    """Whether an item may be described to the public: not personal, or desensitised (Art.23).

    An item carrying a citizen ID counts as personal even when not flagged so (Art.13).
    """
    personal = bool(item.props.get("personal")) or item.props.get("identifier_kind") == IdentifierKind.CITIZEN_ID.value
    return not personal or bool(item.props.get("desensitised"))


async def open_entries(store: GraphStore) -> list[OpenEntry]:
    """Every resource of the derived open catalog, in code order, with its public items.

    Read as the public reads (`lineage.access`), so the DCAT catalog never shows more than an
    anonymous `openCatalog` does; `is_public_item` checks the items again.
    """
    public = visibility(PUBLIC)
    entries: list[OpenEntry] = []
    after: str | None = None
    while True:
        page = await store.page(open_catalog(resource_query(ResourceFilter(), first=MAX_PAGE, after=after)), public)
        links = await store.neighbours_many(Label.RESOURCE, [n.key for n in page.nodes], _STEPS, public) if page.nodes else {}
        for resource in page.nodes:
            linked: dict[RelType, list[Node]] = {step.rel: [] for step in _STEPS}
            for rel, node in sorted(links[resource.key], key=lambda pair: pair[1].key):
                linked[rel.type].append(node)
            providers = linked[RelType.PROVIDES]
            entries.append(
                OpenEntry(
                    resource=resource,
                    provider=providers[0] if providers else None,
                    items=[i for i in linked[RelType.HAS_ITEM] if is_public_item(i)],
                    catalogs=linked[RelType.LISTED_IN],
                    portals=linked[RelType.PUBLISHED_ON],
                )
            )
        if not page.has_next or not page.nodes:
            return entries
        after = page.nodes[-1].key


def classification(entry: OpenEntry) -> list[str]:
    """The 信息资源分类 path (类/项/目): the stored one, else its first catalog's kind and theme."""
    stored = entry.resource.props.get("classification")
    if stored:
        return [p.strip() for p in str(stored).split("/") if p.strip()]
    if not entry.catalogs:
        return []
    kind = CatalogKind.parse(entry.catalogs[0].props["kind"])
    theme = entry.catalogs[0].props.get("theme")
    if theme and kind is not CatalogKind.DEPARTMENT:
        return [_CLASS_OF[kind], entry.catalogs[0].props.get("theme_name") or CatalogTheme.parse(theme).zh]
    return [_CLASS_OF[kind]]


class _Uris:
    """Hash URIs inside the catalog document, so every one dereferences to the catalog itself."""

    def __init__(self, base: str) -> None:
        self.catalog = URIRef(base.rstrip("/") + "/open/catalog")

    def __call__(self, *path: str) -> URIRef:
        return URIRef(f"{self.catalog}#" + "/".join(quote(p, safe="") for p in path))


def _concept(g: Graph, uri: _Uris, scheme: URIRef, path: list[str]) -> URIRef:
    """The SKOS concept of a classification path, with its broader concepts up to the scheme's top."""
    concept = uri("classification", *path)
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.prefLabel, Literal(path[-1], lang=ZH)))
    g.add((concept, SKOS.notation, Literal("/".join(path))))
    g.add((concept, SKOS.inScheme, scheme))
    if len(path) == 1:
        g.add((concept, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, concept))
    else:
        g.add((concept, SKOS.broader, _concept(g, uri, scheme, path[:-1])))
    return concept


def _publisher(g: Graph, uri: _Uris, department: Node) -> URIRef:
    """The provider as a foaf:Organization, its code (统一社会信用代码 where it has one) as dct:identifier."""
    org = uri("department", department.key)
    g.add((org, RDF.type, FOAF.Organization))
    g.add((org, FOAF.name, Literal(department.props["name"], lang=ZH)))
    g.add((org, DCTERMS.identifier, Literal(department.key)))
    contact = uri("department", department.key, "contact")
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(department.props["name"], lang=ZH)))
    return org


def _distribution(g: Graph, uri: _Uris, entry: OpenEntry) -> URIRef:
    """One distribution: format, portal, usage note, and the public fields as a CSVW schema."""
    p = entry.resource.props
    dist = uri("resource", entry.resource.key, "distribution")
    g.add((dist, RDF.type, DCAT.Distribution))
    fmt_type = str(p.get("format_type") or "").strip()
    fmt_class = FormatClass.parse(p["format_class"]).zh if p.get("format_class") else ""
    known = FORMATS.get(fmt_type.lower().lstrip("."))
    if known is not None:
        media, file_type = known
        if media is not None:
            g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        g.add((dist, DCTERMS["format"], FILE_TYPE[file_type]))
    elif fmt_type or fmt_class:
        extent = uri("resource", entry.resource.key, "format")
        g.add((extent, RDF.type, DCTERMS.MediaTypeOrExtent))
        g.add((extent, RDFS.label, Literal("/".join(filter(None, (fmt_class, fmt_type))), lang=ZH)))
        g.add((dist, DCTERMS["format"], extent))
    for portal in entry.portals:
        if portal.props.get("url"):
            g.add((dist, DCAT.accessURL, URIRef(portal.props["url"])))
    if p.get("usage_note"):
        g.add((dist, DCTERMS.description, Literal(p["usage_note"], lang=ZH)))  # the department's usage note (Art.23)
    if entry.items:
        schema = uri("resource", entry.resource.key, "schema")
        g.add((schema, RDF.type, DCTERMS.Standard))
        g.add((schema, RDF.type, CSVW.Schema))
        g.add((dist, DCTERMS.conformsTo, schema))
        for item in entry.items:
            column = uri("resource", entry.resource.key, "field", item.props["name"])
            g.add((schema, CSVW.column, column))
            g.add((column, RDF.type, CSVW.Column))
            g.add((column, CSVW.name, Literal(item.props["name"])))
            g.add((column, CSVW.title, Literal(item.props["name"], lang=ZH)))
            g.add((column, CSVW.datatype, DATATYPES[DataType.parse(item.props.get("data_type") or DataType.CHARACTER.value)]))
    return dist


def _dataset(g: Graph, uri: _Uris, scheme: URIRef, entry: OpenEntry) -> URIRef:
    p = entry.resource.props
    ds = uri("resource", entry.resource.key)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(entry.resource.key)))
    g.add((ds, DCTERMS.title, Literal(p["name"], lang=ZH)))
    if p.get("summary"):
        g.add((ds, DCTERMS.description, Literal(p["summary"], lang=ZH)))
    g.add((ds, DCTERMS.language, LANGUAGE.ZHO))
    if entry.provider is not None:
        g.add((ds, DCTERMS.publisher, _publisher(g, uri, entry.provider)))
        g.add((ds, DCAT.contactPoint, uri("department", entry.provider.key, "contact")))
    path = classification(entry)
    if path:
        g.add((ds, DCAT.theme, _concept(g, uri, scheme, path)))
    if p.get("priority_domain"):
        g.add((ds, DCAT.keyword, Literal(PriorityDomain.parse(p["priority_domain"]).zh, lang=ZH)))  # Art.22
    if p.get("update_cycle"):
        g.add((ds, DCTERMS.accrualPeriodicity, FREQUENCIES[UpdateCycle.parse(p["update_cycle"])]))
    if p.get("published_at"):
        g.add((ds, DCTERMS.issued, Literal(date.fromisoformat(p["published_at"]))))
    # The open condition (开放条件) is public: it tells users what they must do (Art.21–23).
    open_type = OpenType.parse(p.get("open_type", OpenType.NOT_OPEN.value))
    conditional = open_type is OpenType.CONDITIONAL
    g.add((ds, DCTERMS.accessRights, ACCESS_RIGHT.RESTRICTED if conditional else ACCESS_RIGHT.PUBLIC))
    rights = uri("resource", entry.resource.key, "rights")
    text = f"{open_type.zh}：{p['open_condition']}" if conditional and p.get("open_condition") else open_type.zh
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    g.add((rights, RDFS.label, Literal(text, lang=ZH)))
    g.add((ds, DCTERMS.rights, rights))
    g.add((ds, DCAT.distribution, _distribution(g, uri, entry)))
    return ds


def dcat_catalog(entries: Sequence[OpenEntry], base: str) -> Graph:
    """The open catalog as a DCAT 3 graph; URIs live under `base` (the service's address)."""
    g = Graph(bind_namespaces="core")
    for prefix, namespace in JSONLD_CONTEXT.items():
        g.bind(prefix, Namespace(namespace))
    uri = _Uris(base)
    catalog = uri.catalog
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal(CATALOG_TITLE, lang=ZH)))
    g.add((catalog, DCTERMS.description, Literal(CATALOG_DESCRIPTION, lang=ZH)))
    g.add((catalog, DCTERMS.language, LANGUAGE.ZHO))
    scheme = uri("classification")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("政务信息资源分类", lang=ZH)))
    g.add((catalog, DCAT.themeTaxonomy, scheme))
    for entry in entries:
        g.add((catalog, DCAT.dataset, _dataset(g, uri, scheme, entry)))
    return g


def serialise(graph: Graph, media_type: str) -> bytes:
    """The graph in the RDF syntax of `media_type` (one of MEDIA_TYPES), UTF-8."""
    syntax = MEDIA_TYPES[media_type]
    if syntax == "json-ld":
        return graph.serialize(format=syntax, context=JSONLD_CONTEXT, encoding="utf-8")
    return graph.serialize(format=syntax, encoding="utf-8")


async def open_catalog_dcat(store: GraphStore, base: str, media_type: str = "text/turtle") -> bytes:
    """The derived open catalog of `store` as DCAT 3 in `media_type`."""
    return serialise(dcat_catalog(await open_entries(store), base), media_type)
