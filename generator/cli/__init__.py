"""The `playbook` command: parses arguments and calls the stages (exit 0 fine, 1 invalid
content, 2 wrong usage). Imports a stage only when its command runs.
"""
