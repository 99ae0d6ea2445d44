"""What languages do to assembled text: placeholders with grammatical forms, CLDR plurals and
lists, typography, isolation of left-to-right fragments. Imports nothing of the pipeline.
"""
