"""Garbage collection around work that makes hundreds of thousands of small objects: the month rollup, which
reads a month a chunk at a time and drops each chunk (old_objects_frozen), and a workbook export, which keeps
everything it builds until it is written (collections_paused)."""

import gc
from contextlib import contextmanager


@contextmanager
def old_objects_frozen():
    """Collections during the block skip every object that existed before it.

    A running Django process holds some 170,000 long-lived objects (modules, models, URLs, templates). Work that
    makes and drops hundreds of thousands of small objects triggers full collections that walked all of them again
    and again: a quarter of the CPU time of a hospital's rollup. Garbage made inside the block is still collected as
    usual, so memory stays flat; at the end the old objects are put back where they were (gc.unfreeze). It is
    process-wide, and harmless for other threads: at worst their old objects are looked at a little later.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def collections_paused():
    """No cyclic garbage collection while a workbook is built: it allocates millions of small objects that all stay
    alive until written, and the collector walked them again and again (a quarter of the CPU time at 2,500
    scorecards). Reference counting still frees everything as usual; the pause is process-wide, so other threads'
    cyclic garbage waits the few seconds until the workbook is written."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
