"""Demo data: a whole county of realistic households, for trying the app out and for benchmarks.

Everything comes from one seeded random stream, so the same seed on a fresh database gives the
same data (row ids and clock stamps aside). The stream's seed also takes the number of households
already in the database, and every ID number is checked against the ones already there, so a
second run on the same database adds new people instead of copies of the first run's.

A run is one unit of work (``app/services/unit_of_work.py``): rows go in through ``bulk_insert``
a batch of households at a time, a failure writes nothing, a cancelled run keeps the whole
batches written, and the change log holds one insert per row. The households' derived state is
made with the upkeep's own rules as their rows are built (``upkeep.findings_for`` and
``warning_row`` for the warnings, ``app.domain.case_state`` for the cases, ``household_summary``).

Only what is imported here is for use outside the package. Inside it: ``service`` is the entry
point, ``generator`` runs the batches (``villages`` says where households go), ``household``
makes one household by calling the makers of its parts (``members``, ``cases``, ``income``,
``visits``, ``warnings`` and what they use), and ``run`` holds what they all share. Every draw
comes from the run's one stream in a fixed order: moving a draw changes every row after it.
"""

from app.services.demo.run import DemoSummary
from app.services.demo.service import DemoService, create_demo_database

__all__ = ["DemoService", "DemoSummary", "create_demo_database"]
