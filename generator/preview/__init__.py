"""The live preview (`playbook serve`): watch playbook/, regenerate, rebuild the open page,
reload the browser, and show problems over the page. May import every stage.
"""
