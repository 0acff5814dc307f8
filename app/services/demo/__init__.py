"""Demo data: a whole county of realistic households, for trying the app out and for benchmarks.

Everything comes from one seeded random stream, so the same seed on a fresh database gives the
same data (row ids and clock stamps aside). The stream's seed also takes the number of households
already in the database, and every ID number is checked against the ones already there, so a
second run on the same database adds new people instead of copies of the first run's.

Rows go in through ``bulk_insert`` in batches of households, one transaction per batch: a
cancelled run leaves whole households behind, and the change log still holds one insert per row.

Only what is imported here is for use outside the package. Inside it: ``service`` is the entry
point, ``generator`` runs the batches (``villages`` says where households go), ``household``
makes one household by calling the makers of its parts (``members``, ``cases``, ``income``,
``visits``, ``warnings`` and what they use), and ``run`` holds what they all share. Every draw
comes from the run's one stream in a fixed order: moving a draw changes every row after it.
"""

from app.services.demo.run import DemoSummary
from app.services.demo.service import DemoService, create_demo_database

__all__ = ["DemoService", "DemoSummary", "create_demo_database"]
