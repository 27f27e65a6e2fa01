"""Report renderers, one module per format, each registering with `@renderer(name)`."""
