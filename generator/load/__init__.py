"""Stage 1, load: editors' YAML files to plain data with the line and column of every value.
Reads only regular files inside the project; words YAML's syntax errors as what the editor did;
edits a YAML file in place without touching the rest. May import: generator (errors, messages).
"""
