"""Data in from and out to the national monitoring system (issue 22): export, marks, import."""
