"""Data-subject requests: locate one person's data (Art. 15/20) and verify its deletion."""
