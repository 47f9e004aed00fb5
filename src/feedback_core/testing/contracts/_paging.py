"""Reading a keyset-paged listing to its end, and what the pages must be."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import pendulum

    from feedback_core.paging import Cursor

T = TypeVar("T")


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
