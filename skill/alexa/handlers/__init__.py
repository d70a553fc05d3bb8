"""ask-sdk handlers, one module per feature. `ALL` is the dispatch order (first match wins)."""
