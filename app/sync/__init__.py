"""Sync by file: device identities, bundle format, export, import and merge (no Qt)."""
