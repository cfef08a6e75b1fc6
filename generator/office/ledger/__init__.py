"""The 监督谈话台账 as a spreadsheet: export to .xlsx (:func:`ledger_workbook`) and import of an office's ledger.

``export`` and ``sheets`` make the workbook from the model; ``xlsx`` writes it (openpyxl, reproducible bytes);
``columns`` and ``cells`` hold the headers and the text of composite cells that export and import share;
``reader`` finds the talks in any ledger, ``rows`` turns them into records, ``importer`` checks and writes them
and ``report`` says what happened, row by row.
"""

from generator.office.ledger.export import ledger_workbook

__all__ = ["ledger_workbook"]
