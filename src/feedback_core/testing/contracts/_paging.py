"""Reading a keyset-paged listing to its end, and what the pages must be."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import pendulum

    from feedback_core.paging import Cursor

T = TypeVar("T")

# Examples of the report and alert paging properties, at most (fewer if the profile has
# fewer). They check each store's keyset plumbing, not a domain rule, and open a fresh
# store per example: on PostgreSQL a new schema, so the CI profile's 300 took ~90 s of
# the run with coverage (~45 s without), and dropping the schemas ~5 s more. Rows come
# from a small domain (at most 12, on 4 minutes, so ties are common; 2 reporters, 2
# units, page sizes 1 to 5 for reports, 3 for alerts): 100 examples still hit every
# filter, tie and page size many times over, on every store.
PAGING_EXAMPLES: Final = 100


def every_page(
    fetch: Callable[[Cursor | None], list[T]], key: Callable[[T], Cursor], most: int
) -> list[list[T]]:
    """Pages from the start, each after the last row of the one before, to an empty page.

    Stops after ``most`` pages so that a store that never runs dry fails, not hangs.
    """
    pages: list[list[T]] = []
    cursor: Cursor | None = None
    while len(pages) < most:
        pages.append(fetch(cursor))
        if not pages[-1]:
            break
        cursor = key(pages[-1][-1])
    return pages


def expected_pages(rows: Sequence[T], limit: int) -> list[list[T]]:
    """``rows`` cut into pages of ``limit``, then the empty page that ends the listing."""
    return [list(rows[i : i + limit]) for i in range(0, len(rows), limit)] + [[]]


def newest_first(
    rows: Sequence[T], key: Callable[[T], tuple[pendulum.DateTime, object]]
) -> list[T]:
    """The order of a listing: newest first, ties by id, highest first."""
    return sorted(rows, key=key, reverse=True)
