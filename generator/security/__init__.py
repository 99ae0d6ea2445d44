"""What keeps the site inert: safe link schemes and the Content Security Policy with the
post-build audit of every page. Imports nothing of the pipeline.
"""
