"""Accuracy evaluation: pdscan and Presidio's default AnalyzerEngine side by side on labelled data."""
