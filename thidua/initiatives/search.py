"""Accent-insensitive full-text search of the library, ranked by relevance.

PostgreSQL: `to_tsvector('simple', unaccent(...))` over the title (weight A), the solution and
what is new (B), the problem, effect and place of application (C) and the folded text with the
authors' names (D), matched with a tsquery of the folded words and ranked by `ts_rank`. The
'simple' configuration is used because PostgreSQL ships no Vietnamese dictionary; Vietnamese
words are syllables, which 'simple' keeps as they are.

SQLite (and any other database): the folded columns `search_title` / `search_body` (written by
the services with `thidua.core.text.fold`) narrow the candidates by substring, then each is
scored in Python on whole words: a title word counts 4, a body word 1 (damped by repetition),
and the query's words in the same order earn a phrase bonus. Both backends first require every
word; when nothing matches they fall back to any word, so one mistyped word does not empty the
page.
"""

import math
import re

from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat

from thidua.core.text import fold

WORD = re.compile(r"\w+")
WEIGHTS = [0.05, 0.2, 0.4, 1.0]  # D, C, B, A: the title counts most
PHRASE_BONUS = 10.0  # the query's words, in order, in the title
MAX_WORDS = 12


def fold_words(text: str) -> str:
    """The folded words of `text` joined by single spaces (punctuation dropped): what the
    services store in `search_title` / `search_body`, so phrases match on whole words."""
    return " ".join(WORD.findall(fold(text)))


def words(query: str) -> list[str]:
    """The folded words of a query, at most MAX_WORDS, duplicates dropped, order kept."""
    seen, result = set(), []
    for word in WORD.findall(fold(query)):
        if word not in seen:
            seen.add(word)
            result.append(word)
    return result[:MAX_WORDS]


def _unaccent(name: str):
    return Func(F(name), function="unaccent", output_field=TextField())


# Per model: (title field, [(weight, fields)]) for PostgreSQL.
INITIATIVE_VECTOR = (
    ("A", ["title"]),
    ("B", ["solution", "novelty"]),
    ("C", ["problem", "effect", "applied_where"]),
    ("D", ["search_body"]),
)
EXEMPLAR_VECTOR = (("A", ["title"]), ("B", ["write_up"]), ("D", ["search_body"]))


def search(queryset: QuerySet, query: str, vector=INITIATIVE_VECTOR) -> list:
    """The objects of `queryset` matching `query`, best first, each with a `rank` attribute.
    An empty query returns the queryset's own order with rank 0."""
    terms = words(query)
    if not terms:
        rows = list(queryset)
        for row in rows:
            row.rank = 0.0
        return rows
    # The phrase keeps repeated words ("số hoá hồ sơ": so hoa ho so); the terms do not.
    phrase = " ".join(WORD.findall(fold(query))[: MAX_WORDS * 2])
    if connection.vendor == "postgresql":
        return _search_postgres(queryset, terms, phrase, vector)
    return _search_folded(queryset, terms, phrase)


def _search_postgres(queryset, terms, phrase, vector) -> list:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    document = None
    for weight, fields in vector:
        part = SearchVector(*[_unaccent(f) for f in fields], weight=weight, config="simple")
        document = part if document is None else document + part
    padded = Concat(Value(" "), F("search_title"), Value(" "), output_field=TextField())
    bonus = Case(
        When(padded_title__contains=f" {phrase} ", then=Value(PHRASE_BONUS)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    for joiner in (" & ", " | "):
        tsquery = SearchQuery(joiner.join(terms), search_type="raw", config="simple")
        rank = SearchRank(F("document"), tsquery, weights=WEIGHTS, cover_density=True)
        rows = list(
            queryset.annotate(document=document, padded_title=padded)
            .filter(document=tsquery)
            .annotate(rank=rank + bonus)
            .order_by("-rank", "-pk")
        )
        if rows:
            return rows
    return []


def _search_folded(queryset, terms, phrase) -> list:
    for require_all in (True, False):
        condition = Q() if require_all else Q(pk__in=[])
        for term in terms:
            match = Q(search_title__contains=term) | Q(search_body__contains=term)
            condition = condition & match if require_all else condition | match
        scored = []
        for row in queryset.filter(condition):
            rank = score(terms, row.search_title, row.search_body, require_all, phrase)
            if rank > 0:
                row.rank = rank
                scored.append(row)
        if scored:
            scored.sort(key=lambda r: (-r.rank, -r.pk))
            return scored
    return []


def score(
    terms: list[str], title: str, body: str, require_all: bool = True, phrase: str = ""
) -> float:
    """Relevance of one document (folded title and body) for the folded query words."""
    title_words = WORD.findall(title)
    body_words = WORD.findall(body)
    title_counts, body_counts = _counts(title_words), _counts(body_words)
    total = 0.0
    for term in terms:
        in_title, in_body = title_counts.get(term, 0), body_counts.get(term, 0)
        if not in_title and not in_body:
            if require_all:
                return 0.0
            continue
        total += 4 * math.log1p(in_title) / math.log(2) + math.log1p(in_body)
    phrase = phrase or " ".join(terms)
    if total and " " in phrase:
        phrase = f" {phrase} "
        if phrase in " " + " ".join(title_words) + " ":
            total += 6
        elif phrase in " " + " ".join(body_words) + " ":
            total += 2
    # Shorter titles that match are more specific: a light length normalisation.
    return total / (1 + 0.02 * len(title_words))


def _counts(items):
    counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts
