"""Nimbus's Python runtime for Lambda functions: the parts bootstrap.py is built from."""
