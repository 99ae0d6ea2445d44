"""What the site's search index holds and how much each part weighs (a MkDocs hook).
The query side lives in the theme's search worker (site/theme/assets/javascripts/workers/).
"""
