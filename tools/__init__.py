"""Developer tools, not installed with the package: the benchmark and the search evaluation."""
