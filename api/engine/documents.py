"""Documents parsed and validated once per query text, for one schema.

Front-ends and analysts send the same few documents again and again. strawberry's `ParserCache` and
`ValidationCache` cache both steps, but the validation cache is keyed by the parsed document, which
hashes itself node by node on every request (30–40 µs for the benchmark's documents), and each
of the four extensions they take with the token limit and the added rules (`MaxTokensLimiter`,
`AddValidationRules`) runs its own hooks on every request. `DocumentCache` does all four in one
extension: the token limit, the rules (`api.engine.limits`), the parse and the validation, both looked up by
the query text (validation errors also by the rules run and the language), in a bounded cache the schema
owns (`Documents`, made by `api.schema.build.build_schema`).

A document that does not parse (a syntax error, too many tokens) is not cached: strawberry parses it
again and reports the error as it would without a cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from graphql import ASTValidationRule, DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension

from api.engine.internals import ParseOptions, graphql_schema, validate_document
from graph.i18n import current_language

MAX_DOCUMENTS = 512


@dataclass
class _Entry:
    document: DocumentNode
    # By the rules run and the language of their messages (`graph.i18n`: a rule may write its refusal in either).
    errors: dict[tuple[tuple[type[ASTValidationRule], ...], str], list[GraphQLError]] = field(default_factory=dict)


class Documents:
    """One schema's parsed documents by query text, with their validation errors by the rules run; the
    `maxsize` most recently used are kept."""

    def __init__(self, rules: Sequence[type[ASTValidationRule]], max_tokens: int, maxsize: int = MAX_DOCUMENTS) -> None:
        self.rules = tuple(rules)
        self.max_tokens = max_tokens
        self.maxsize = maxsize
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def parsed(self, query: str, options: ParseOptions) -> _Entry | None:
        """The entry of `query`, parsed now if it is not kept; None if it does not parse."""
        entry = self._entries.get(query)
        if entry is not None:
            self._entries.move_to_end(query)
            return entry
        try:
            document = parse(query, **options)
        except GraphQLError:
            return None
        entry = self._entries[query] = _Entry(document)
        if len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return entry

    def extension(self) -> DocumentCache:
        """The schema extension for one request (`strawberry.Schema(extensions=[documents.extension])`)."""
        return DocumentCache(self)


class DocumentCache(SchemaExtension):
    """Adds the token limit and the rules to the request, then parses and validates it from `Documents`."""

    def __init__(self, documents: Documents) -> None:
        self.documents = documents
        self.entry: _Entry | None = None

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.documents.max_tokens
        context.validation_rules = context.validation_rules + self.documents.rules
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query:
            self.entry = self.documents.parsed(context.query, context.parse_options)
            if self.entry is not None:
                context.graphql_document = self.entry.document
        yield

    def on_validate(self) -> Iterator[None]:
        context, entry = self.execution_context, self.entry
        if entry is not None and context.graphql_document is entry.document:
            rules = context.validation_rules
            key = (rules, current_language())
            errors = entry.errors.get(key)
            if errors is None:
                errors = entry.errors[key] = validate_document(graphql_schema(context.schema), entry.document, rules)
            context.pre_execution_errors = errors
        yield
