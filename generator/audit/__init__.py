"""The audit trail: git access, each record's history field by field, and changes to finalized records."""
