"""Stage 5, the rules: the rule table (:mod:`generator.rules.table`), one module per subject of the Measures,
and the registry mapping each rule id to the function that checks it (:mod:`generator.rules.registry`)."""
