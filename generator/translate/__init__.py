"""The translators' round trip: translation status, PO export and import with their checks,
and writing translations back into the YAML. May import: load, validate, model.
"""
