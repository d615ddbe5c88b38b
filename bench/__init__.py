"""rectrack's benchmarks: run by hand with `make bench` or `python -m bench`, never in tests."""
