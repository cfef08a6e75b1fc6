"""The office's own formats: the 监督谈话台账 as a spreadsheet (``ledger/``) and the deadline calendar (``ics``)."""
