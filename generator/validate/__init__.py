"""Stage 2, validate: plain data into the typed model (model/), then every semantic check,
all problems of a run at once. May import: load, grammar, security, model, errors, messages.
"""
