"""Garbage collection around work that reads a whole month, a chunk at a time (appraisal's month rollup).

(A workbook that keeps everything it built until it is written pauses collection instead:
appraisal.exporters.collections_paused.)
"""

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
