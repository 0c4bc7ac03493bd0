"""The performance suite: ``python -m benchmarks.run [--smoke]`` prints the table."""
