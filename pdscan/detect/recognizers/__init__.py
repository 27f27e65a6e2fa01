"""Detector classes, one module each, registering with pdscan.detect.registry."""
