"""Closer's domain services with I/O: they take a Redis client and plain values, never a request."""
